-- Every mention's sentence is stored: rows of a mention without its sentence.
select entity_mentions.article_id, entity_mentions.start_char, entity_mentions.sentence_index
from entity_mentions
anti join sentences using (article_id, sentence_index)
