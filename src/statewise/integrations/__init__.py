"""Task integrations: what a Task state's ``Resource`` names, and what serves it locally.

This package sits below :mod:`statewise.asl` and never imports it: the engine
asks it for the resource that serves a Task, through the protocols defined here.
"""
