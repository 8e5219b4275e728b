"""`python -m skill.content [--check] [content_dir]`: compile or check the content by hand."""
import sys

from .compiler import main

sys.exit(main())
