"""Compressed variants of an exported ONNX model.

`fp16_weights`: weight-only; large float32 initializers are stored as float16 and cast back to
float32 by a Cast node, so the file halves and the arithmetic stays float32 (onnxruntime folds
the casts at load).

`int8_dynamic`: dynamic quantisation, the arithmetic itself in int8. The weights of the LSTMs
and of the linear layers are stored as int8 with one scale per output channel (symmetric, zero
point 0); onnxruntime's `com.microsoft` kernels `DynamicQuantizeLSTM` and
`DynamicQuantizeMatMul` quantise the activations on the fly, multiply in int8 (VNNI or
AVX2 integer dot products) and hand float32 back. Everything else (attention scores, softmax,
LayerNorm) stays float32. The file is about a quarter of float32 and large batches run faster;
the price is a rounding error the trainer measures (AUROC and flag agreement against float32)
before the variant may be served. The CPU provider has these kernels; CUDA does not, so serving
on a GPU keeps float32.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MS_DOMAIN = "com.microsoft"


def fp16_weights(src: str, dst: str, min_elements: int = 256) -> int:
    model = onnx.load(src)
    graph = model.graph
    new_inits, casts = [], []
    converted = 0
    for init in graph.initializer:
        arr = numpy_helper.to_array(init)
        if init.data_type == TensorProto.FLOAT and arr.size >= min_elements:
            half = numpy_helper.from_array(arr.astype(np.float16), init.name + "__fp16")
            new_inits.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "__cast"))
            converted += 1
        else:
            new_inits.append(init)
    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return converted


def quantize_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per row of a 2-D float matrix: (int8 values, float32 scale per row).
    A row of zeros gets scale 1 (any scale reproduces it)."""
    w = w.astype(np.float32)
    peak = np.abs(w).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def _attr(node: onnx.NodeProto, name: str, default):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def int8_dynamic(src: str, dst: str) -> int:
    """Writes the int8 dynamic-quantised variant of `src` to `dst`; returns how many nodes it
    quantised (LSTMs, MatMuls with a constant right operand, plain Gemms with constant weights)."""
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    added: list[onnx.TensorProto] = []
    replaced: set[str] = set()
    quantized = 0

    def add(name: str, arr: np.ndarray) -> str:
        added.append(numpy_helper.from_array(arr, name))
        return name

    nodes = []
    for node in graph.node:
        if node.op_type == "LSTM" and node.input[1] in inits and node.input[2] in inits:
            ins = list(node.input) + [""] * (8 - len(node.input))
            extra = []
            for slot, tag in ((1, "W"), (2, "R")):
                w = numpy_helper.to_array(inits[ins[slot]])  # [directions, 4 * hidden, inputs]
                d, rows, cols = w.shape
                q, scale = quantize_rows(w.reshape(d * rows, cols))
                # The kernel wants [directions, inputs, 4 * hidden]: the ONNX layout transposed.
                qt = np.ascontiguousarray(q.reshape(d, rows, cols).transpose(0, 2, 1))
                replaced.add(ins[slot])
                ins[slot] = add(f"{node.name}__{tag}_int8", qt)
                extra += [add(f"{node.name}__{tag}_scale", scale.reshape(d, rows)), add(f"{node.name}__{tag}_zero_point", np.zeros((d, rows), np.int8))]
            q_node = helper.make_node("DynamicQuantizeLSTM", ins[:8] + extra, list(node.output), name=f"{node.name}__int8", domain=MS_DOMAIN)
            q_node.attribute.extend(node.attribute)
            nodes.append(q_node)
            quantized += 1
        elif node.op_type == "MatMul" and node.input[1] in inits and len(numpy_helper.to_array(inits[node.input[1]]).shape) == 2:
            w = numpy_helper.to_array(inits[node.input[1]])  # [K, N]: one scale per output column
            q, scale = quantize_rows(w.T)
            replaced.add(node.input[1])
            b = add(f"{node.name}__B_int8", np.ascontiguousarray(q.T))
            nodes.append(helper.make_node("DynamicQuantizeMatMul", [node.input[0], b, add(f"{node.name}__B_scale", scale), add(f"{node.name}__B_zero_point", np.zeros(scale.shape, np.int8))], list(node.output), name=f"{node.name}__int8", domain=MS_DOMAIN))
            quantized += 1
        elif (
            node.op_type == "Gemm"
            and len(node.input) == 3
            and node.input[1] in inits
            and node.input[2] in inits
            and _attr(node, "alpha", 1.0) == 1.0
            and _attr(node, "beta", 1.0) == 1.0
            and _attr(node, "transA", 0) == 0
        ):
            w = numpy_helper.to_array(inits[node.input[1]])
            w_rows = w if _attr(node, "transB", 0) == 1 else w.T  # [N, K]: one row per output
            q, scale = quantize_rows(w_rows)
            replaced.add(node.input[1])
            b = add(f"{node.name}__B_int8", np.ascontiguousarray(q.T))
            nodes.append(helper.make_node("DynamicQuantizeMatMul", [node.input[0], b, add(f"{node.name}__B_scale", scale), add(f"{node.name}__B_zero_point", np.zeros(scale.shape, np.int8)), node.input[2]], list(node.output), name=f"{node.name}__int8", domain=MS_DOMAIN))
            quantized += 1
        else:
            nodes.append(node)
    # Drop the float weights now unused (a weight shared with an untouched node stays).
    still_used = {name for n in nodes for name in n.input}
    kept = [i for i in graph.initializer if i.name not in replaced or i.name in still_used]
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    del graph.node[:]
    graph.node.extend(nodes)
    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return quantized
