-- Every sentence's article is stored: rows of a sentence without its article.
select sentences.article_id, sentences.sentence_index
from sentences
anti join articles using (article_id)
