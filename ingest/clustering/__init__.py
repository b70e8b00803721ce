"""Event clustering: the stories of one happening, whatever outlet wrote them, share a
cluster (`stories.cluster_id`). A stage of its own, called by the store stage inside
the poll's transaction; see assign.py (incremental placement), match.py (the
decision), features.py (words, MinHash LSH keys), corrections.py (splits, joins,
reclustering) and stats.py (each event's cached figures)."""
from ingest.clustering.assign import cluster_stories, stored_features
from ingest.clustering.corrections import (
    apply_cluster_corrections, join_stories, recluster_all, recluster_stories, split_story,
)
from ingest.clustering.features import StoryFeatures, features_of

__all__ = ["cluster_stories", "stored_features", "apply_cluster_corrections", "join_stories", "recluster_all",
           "recluster_stories", "split_story", "StoryFeatures", "features_of"]
