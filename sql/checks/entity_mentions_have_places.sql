-- A mention's place_id, when it has one, is a place: rows of a mention without its place.
select entity_mentions.article_id, entity_mentions.start_char, entity_mentions.place_id
from entity_mentions
anti join places using (place_id)
where entity_mentions.place_id is not null
