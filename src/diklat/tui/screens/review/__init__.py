"""Screens for reviewers and markers (issue 4): the queue, reviewing a submission,
marking with rubrics, moderation and release, and the comment bank."""
