"""The user-facing explanation of a score, built only from the feature records that produced it."""

from __future__ import annotations

from tradeguard.match.model import FeatureScore


def explain(score: float, features: tuple[FeatureScore, ...]) -> str:
    """One line: the score, then every feature that moved it, with its detail and signed effect."""
    parts = [f"score {score:.2f}"]
    for feature in features:
        if feature.feature == "tokens" or abs(feature.weight) >= 0.005:
            parts.append(f"{feature.feature}: {feature.detail} ({feature.weight:+.2f})")
    return "; ".join(parts)
