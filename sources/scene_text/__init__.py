"""Scene text to `scene_ocr` samples: `photos` reads unlabelled images with the OCR engine,
`label_sets` reads labelled sets (ICDAR-style, COCO-Text, TextOCR).
"""
