-- Lake mode only: DuckLake keeps no comments on the columns of views, so they are kept here.
create table if not exists view_column_comments (
    view_name varchar not null,
    column_name varchar not null,
    comment varchar not null
);

comment on table view_column_comments is 'Lake mode: the comment of each view column (DuckLake stores comments of tables, their columns and views, not of view columns).';
comment on column view_column_comments.view_name is 'The view.';
comment on column view_column_comments.column_name is 'The column of the view.';
comment on column view_column_comments.comment is 'What the column means, as in sql/views/<view>.sql.';
