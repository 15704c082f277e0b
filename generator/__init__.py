"""Back-care guide generator: content data in, cross-linked MkDocs pages out."""
