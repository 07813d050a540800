"""Trainer of the GMA Insight movement autoencoder (PyTorch, run by Debian's /usr/bin/python3)."""
