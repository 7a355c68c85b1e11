"""SYNTHETIC SAMPLE DATA — not real children.

The seeded generator of the bundled sample LA (``python -m sample_data.generate``) and the SEN2 XML
writer (:func:`sample_data.sen2_writer.write_sen2`). See ``sample_data/README.md``.
"""
