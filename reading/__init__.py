"""Reading documents: files to text, text to a notice's header and tasks, deadline phrases, agency names.

Django-free but for the translated messages: it knows nothing of the database. `directives.importing` is the
glue that hands it the registry and turns what it read into a review.
"""
