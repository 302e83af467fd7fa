-- Sentence boundaries as spaCy's parser found them; the text is articles.body[start_char:end_char].
create table if not exists sentences (
    article_id varchar not null,
    sentence_index integer not null,
    start_char integer not null,
    end_char integer not null,
    primary key (article_id, sentence_index)
);
