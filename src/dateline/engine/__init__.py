"""Run the pipeline over many articles: in this process, over all cores, or on a Ray cluster."""
