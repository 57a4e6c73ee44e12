"""Record files people ship for training: image-caption pairs (`captions`), text corpora
(`text_corpus`), SFT conversations (`sft`) and Jupyter notebooks (`notebooks`).
"""
