"""P: performance targets (绩效目标) — filled in with the performance extractor."""
