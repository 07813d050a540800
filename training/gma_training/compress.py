"""Weight-only compression of an exported ONNX model: large float32 initializers are stored as
float16 and cast back to float32 by a Cast node, so the file halves and the arithmetic stays
float32 (onnxruntime folds the casts at load)."""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


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
