"""The hybrid-encoder VLM and the three-stage trainer that reads the shards.

Empty until the trainer issue lands; the package exists so the layout and setup.py are stable.
"""
