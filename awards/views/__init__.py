"""The award pages, one module per part of the work: dossiers, council sessions, decisions and
the records (golden book, catalogue). Each view finds its object, asks who may act, and hands
the write to a service through ``common.web``."""
