"""The model hub: search Hugging Face, list a repository's model files with what fits this
machine, and download them resumably and verified. Nothing here touches the network except
an explicit hub action, and everything refuses in offline mode."""
