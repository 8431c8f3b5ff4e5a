"""pd-screener: how past DHS/ICE prosecutorial-discretion guidance weighed a situation."""
