-- A fact's sentence, when it has one, is stored: rows of a fact without its sentence.
select numeric_facts.fact_id, numeric_facts.sentence_index
from numeric_facts
anti join sentences using (article_id, sentence_index)
where numeric_facts.sentence_index is not null
