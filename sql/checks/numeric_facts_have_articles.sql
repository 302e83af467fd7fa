-- Every fact's article is stored: rows of a fact without its article.
select numeric_facts.fact_id
from numeric_facts
anti join articles using (article_id)
