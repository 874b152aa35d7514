"""Writers: one per output format, all printing the same :class:`~yusuan.render.layout.Layout`."""
