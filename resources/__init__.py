"""Data files shipped with Hearth: icons, themes, the model catalog, defaults."""
