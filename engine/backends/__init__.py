"""Inference engines. Only the module of an engine imports that engine's library."""
