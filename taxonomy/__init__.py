"""The real-use-case taxonomy of DeepSeek-VL's SFT data (PAPER.md section 3): tree, classifier, review round trip.

Empty until the SFT/taxonomy issue lands; the package exists so the layout and setup.py are stable.
"""
