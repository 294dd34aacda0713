"""The numpy backend: the readable definition every other backend must equal bit for bit."""
