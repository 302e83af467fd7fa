-- Sentence boundaries as spaCy's parser found them; the text is articles.body[start_char:end_char].
create table if not exists sentences (
    article_id varchar not null,
    sentence_index integer not null,
    start_char integer not null,
    end_char integer not null,
    primary key (article_id, sentence_index)
);

comment on table sentences is 'Sentence boundaries from the spaCy parser; text is substr(body, start_char + 1, end_char - start_char).';
comment on column sentences.sentence_index is 'Order of the sentence in the article, from 0.';
comment on column sentences.start_char is 'Offset of the first character in articles.body (0-based).';
comment on column sentences.end_char is 'Offset after the last character (exclusive).';
comment on column sentences.article_id is 'The article (articles.article_id).';
