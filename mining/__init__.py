"""Document mining: extraction → passages → lemmas → classification → facts.

Pure code: no Django, no database. Every stage is a plain function over dataclasses so it
can be tested and benchmarked on its own; ``mining.pipeline.process_document`` chains them.
"""
