-- Every mention's article is stored: rows of a mention without its article.
select entity_mentions.article_id, entity_mentions.start_char, entity_mentions.end_char
from entity_mentions
anti join articles using (article_id)
