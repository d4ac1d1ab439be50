-- Tag counts, an archive view, and functions in `public` and `content`.
create view public.tag_counts as
select t.id, t.name, count(pt.post_id) as post_count
from public.tags t
left join public.post_tags pt on pt.tag_id = t.id
group by t.id, t.name;

create view public.monthly_archive as
select date_trunc('month', published_at) as month, count(*) as posts
from public.posts
where status = 'published'
group by 1;

create or replace function public.increment_views(post_slug text)
returns integer
language sql volatile
as $$ update public.posts set view_count = view_count + 1 where slug = post_slug returning view_count $$;

create or replace function public.posts_with_tag(tag text)
returns setof public.posts
language sql stable
as $$ select * from public.posts where tag = any(tags) and status = 'published' order by published_at desc $$;

create schema if not exists content;
grant usage on schema content to anon, authenticated, service_role;

create or replace function content.search(q text)
returns table (id bigint, title text, slug text, rank real)
language sql stable
as $$
    select id, title, slug, ts_rank(fts, websearch_to_tsquery('english', q))
    from public.posts
    where fts @@ websearch_to_tsquery('english', q) and status = 'published'
    order by 4 desc, id
$$;

create or replace function content.related_posts(post bigint, max_results integer default 3)
returns setof public.posts
language sql stable
as $$
    select p.* from public.posts p, public.posts src
    where src.id = post and p.id <> src.id and p.tags && src.tags and p.status = 'published'
    order by cardinality(array(select unnest(p.tags) intersect select unnest(src.tags))) desc, p.id
    limit max_results
$$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant usage on all sequences in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, content to anon, authenticated, service_role;
