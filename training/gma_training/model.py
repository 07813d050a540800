"""Reference autoencoder: bidirectional LSTM encoder, multi-head self-attention, latent
projection, LSTM decoder, reconstructing a [window, 75] movement window."""
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class ModelConfig:
    window: int = 30
    features: int = 75
    encoder_hidden: int = 64  # per direction
    attention_heads: int = 4
    latent: int = 32
    decoder_hidden: int = 64
    # "pooled": one latent vector per window (a strong bottleneck, the classic LSTM autoencoder);
    # "sequence": one latent vector per frame.
    latent_mode: str = "pooled"

    def to_dict(self):
        return asdict(self)


class MovementAutoencoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = 2 * cfg.encoder_hidden
        self.encoder = nn.LSTM(cfg.features, cfg.encoder_hidden, batch_first=True, bidirectional=True)
        self.attention = nn.MultiheadAttention(d, cfg.attention_heads, batch_first=True)
        self.norm = nn.LayerNorm(d)
        self.to_latent = nn.Linear(d, cfg.latent)
        # Learned per-frame positions let the decoder unroll a pooled latent into a trajectory.
        self.positions = nn.Parameter(torch.zeros(1, cfg.window, cfg.latent))
        self.decoder = nn.LSTM(cfg.latent, cfg.decoder_hidden, batch_first=True)
        self.output = nn.Linear(cfg.decoder_hidden, cfg.features)

    def forward(self, x):
        h, _ = self.encoder(x)
        a, _ = self.attention(h, h, h, need_weights=False)
        h = self.norm(h + a)
        z = torch.tanh(self.to_latent(h))
        if self.cfg.latent_mode == "pooled":
            z = z.mean(dim=1, keepdim=True).expand(-1, self.cfg.window, -1)
        d, _ = self.decoder(z + self.positions)
        return self.output(d)


def flops_per_window(cfg: ModelConfig) -> int:
    """Multiply-adds x 2 of one forward pass (LSTM gates, attention projections and scores, linears)."""
    t, f, he, hd, l = cfg.window, cfg.features, cfg.encoder_hidden, cfg.decoder_hidden, cfg.latent
    d = 2 * he
    enc = 2 * t * 4 * he * (f + he)
    att = t * 4 * d * d + 2 * t * t * d
    lat = t * d * l
    dec = t * 4 * hd * (l + hd)
    out = t * hd * f
    return 2 * (enc + att + lat + dec + out)
