"""Search: what each page tells the index, the online index (`bundle`, over the built
site) and the offline edition's index (lunr, from the catalogue).

Nothing here imports MkDocs: the plugin and `treatykb` commands call the same functions.
"""
