-- schemas: public,content

-- name: latest_posts
-- args: [5]
-- expect: ok
select id, title, slug, excerpt, published_at from posts where status = 'published' order by published_at desc limit $1;

-- name: posts_page
-- args: [4, 4]
-- expect: ok
select id, title from posts where status = 'published' order by published_at desc, id desc limit $1 offset $2;

-- name: post_by_slug
-- args: ["post-7"]
-- expect: ok
select id, title, body, tags, meta, reading_minutes, view_count from posts where slug = $1;

-- name: post_with_author
-- args: ["post-2"]
-- expect: ok
select p.title, p.published_at, a."displayName", a.twitter_handle
from posts p
join authors a on a.id = p.author_id
where p.slug = $1;

-- name: posts_by_author
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, title, status from posts where author_id = $1 order by id;

-- name: posts_with_tag_array
-- args: ["rust"]
-- expect: ok
select id, title from posts where $1 = any(tags) and status = 'published' order by published_at;

-- name: posts_with_all_tags
-- args: [["postgres", "performance"]]
-- expect: ok
select slug from posts where tags @> $1 order by slug;

-- name: posts_with_any_tag
-- args: [["css", "career"]]
-- expect: ok
select slug, tags from posts where tags && $1 order by id;

-- name: search_posts_fts
-- args: ["rust & threads"]
-- expect: ok
select id, title from posts where fts @@ to_tsquery('english', $1) order by id;

-- name: search_posts_websearch
-- args: ["postgres index"]
-- expect: ok
select id, slug from posts where fts @@ websearch_to_tsquery('english', $1) and status = 'published' order by id;

-- name: search_titles
-- args: ["%rust%"]
-- expect: ok
select title from posts where title ilike $1 order by title;

-- name: featured_posts
-- args: []
-- expect: ok
select id, title from posts where meta @> '{"featured": true}' order by id;

-- name: series_posts
-- args: ["part-2"]
-- expect: ok
select id, title from posts where meta->>'series' = $1 order by id;

-- name: popular_posts
-- args: [500]
-- expect: ok
select id, title, view_count from posts where view_count >= $1 order by view_count desc;

-- name: drafts_and_scheduled
-- args: []
-- expect: ok
select id, title, status from posts where status in ('draft', 'scheduled') order by id;

-- name: not_published
-- args: []
-- expect: ok
select id from posts where status is distinct from 'published'::post_status order by id;

-- name: posts_published_between
-- args: ["2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"]
-- expect: ok
select slug, published_at from posts where published_at between $1 and $2 order by published_at;

-- name: post_tags_join
-- args: [4]
-- expect: ok
select t.name, t.color from post_tags pt join tags t on t.id = pt.tag_id where pt.post_id = $1 order by t.name;

-- name: tags_with_posts
-- args: []
-- expect: ok
select t.name, pt.post_id from tags t left join post_tags pt on pt.tag_id = t.id where t.color is not null;

-- name: tag_counts_view
-- args: []
-- expect: ok
select name, post_count from tag_counts order by post_count desc, name;

-- name: monthly_archive_view
-- args: []
-- expect: ok
select month, posts from monthly_archive order by month;

-- name: posts_per_status
-- args: []
-- expect: ok
select status, count(*) as n from posts group by status;

-- name: comments_for_post
-- args: [6]
-- expect: ok
select id, parent_id, author_name, content, created_at from comments where post_id = $1 and is_approved order by created_at;

-- name: comments_pending_moderation
-- args: []
-- expect: ok
select id, post_id, content from comments where is_approved = false order by id;

-- name: comments_with_post_title
-- args: [5]
-- expect: ok
select c.id, c.content, p.title from comments c join posts p on p.id = c.post_id order by c.id limit $1;

-- name: comment_count_per_post
-- args: []
-- expect: ok
select post_id, count(*) as comments from comments group by post_id;

-- name: posts_with_comment_counts
-- args: []
-- expect: ok
select p.id, p.title, count(c.id) as comments from posts p left join comments c on c.post_id = p.id group by p.id, p.title;

-- name: create_post
-- args: ["22222222-2222-4222-8222-222222222222", "Container queries", "container-queries", "Query the container, not the viewport", ["css"]]
-- expect: ok
insert into posts (author_id, title, slug, body, tags) values ($1, $2, $3, $4, $5) returning author_id, title, slug, status, tags, reading_minutes;

-- name: publish_post
-- args: ["2024-03-10T09:00:00Z", "post-5"]
-- expect: ok
update posts set status = 'published', published_at = $1 where slug = $2 returning slug, status, published_at;

-- name: archive_old_posts
-- args: ["2024-01-20T00:00:00Z"]
-- expect: ok
update posts set status = 'archived' where published_at < $1 and status = 'published' returning id;

-- name: approve_comment
-- args: [7]
-- expect: ok
update comments set is_approved = true where id = $1 returning id, is_approved;

-- name: delete_spam_comments
-- args: ["%spam.example%"]
-- expect: ok
delete from comments where content like $1 returning id;

-- name: add_comment
-- args: [1, "44444444-4444-4444-8444-444444444444", "Thanks for this!"]
-- expect: ok
insert into comments (post_id, user_id, content, created_at) values ($1, $2, $3, '2024-03-10T10:00:00Z') returning post_id, content, is_approved;

-- name: tag_post
-- args: [2, 5]
-- expect: ok
insert into post_tags (post_id, tag_id) values ($1, $2) on conflict do nothing returning post_id, tag_id;

-- name: upsert_tag
-- args: ["rust", "red"]
-- expect: ok
insert into tags (name, color) values ($1, $2) on conflict (name) do update set color = excluded.color returning name, color;

-- name: untag_post
-- args: [1, 4]
-- expect: ok
delete from post_tags where post_id = $1 and tag_id = $2;

-- name: increment_views_fn
-- args: ["post-1"]
-- expect: ok
select increment_views($1);

-- name: posts_with_tag_fn
-- args: ["tutorial"]
-- expect: ok
select id, title from posts_with_tag($1);

-- name: content_search_fn
-- args: ["rust"]
-- expect: ok
select * from content.search($1) limit 3;

-- name: related_posts_fn
-- args: [1]
-- expect: ok
select id, slug from content.related_posts(post => $1, max_results => 2);

-- name: tag_cloud
-- args: []
-- expect: inexpressible
select unnest(tags) as tag, count(*) as n from posts where status = 'published' group by 1 order by n desc, tag;

-- name: author_post_counts_with_email
-- args: []
-- expect: inexpressible
select u.email, count(p.id) as posts from authors a join auth.users u on u.id = a.id left join posts p on p.author_id = a.id group by u.email order by u.email;

-- name: previous_and_next
-- args: []
-- expect: inexpressible
select id, lag(slug) over w as prev_slug, lead(slug) over w as next_slug
from posts where status = 'published' window w as (order by published_at)
order by id;

-- name: posts_without_comments
-- args: []
-- expect: ok
select id, slug from posts p where status = 'published' and not exists (select 1 from comments c where c.post_id = p.id) order by id;

-- name: authors_with_latest_post
-- args: []
-- expect: inexpressible
select a."displayName", (select max(published_at) from posts p where p.author_id = a.id) as latest from authors a order by 1;

-- name: post_tags_aggregated
-- args: []
-- expect: inexpressible
select p.slug, array_agg(t.name order by t.name) as tag_names from posts p join post_tags pt on pt.post_id = p.id join tags t on t.id = pt.tag_id group by p.slug order by p.slug;

-- name: published_this_year
-- args: []
-- expect: inexpressible
select count(*) from posts where published_at >= date_trunc('year', now()) - interval '5 years';

-- name: search_ranked
-- args: ["rust"]
-- expect: inexpressible
select id, title, ts_rank(fts, to_tsquery('english', $1)) as rank from posts where fts @@ to_tsquery('english', $1) order by rank desc, id;

-- name: comment_threads
-- args: []
-- expect: inexpressible
with recursive thread as (
    select id, parent_id, id as root from comments where parent_id is null
    union all
    select c.id, c.parent_id, t.root from comments c join thread t on c.parent_id = t.id
)
select root, count(*) as size from thread group by root having count(*) > 1 order by root;

-- name: all_authors_and_commenters
-- args: []
-- expect: inexpressible
select id as user_id from authors union select user_id from comments where user_id is not null order by user_id;

-- name: slug_from_title
-- args: []
-- expect: inexpressible
select id, lower(replace(title, ' ', '-')) as suggested_slug from posts where id <= 3 order by id;

-- name: posts_tagged
-- args: ["rust"]
-- expect: ok
select id, title from posts where $1 = any(tags) order by id;

-- name: search_or_drafts
-- args: ["postgres"]
-- expect: ok
select id, status from posts where fts @@ websearch_to_tsquery('english', $1) or status = 'draft' order by id;

-- name: replies_with_parent_comment
-- args: []
-- expect: ok
select c.id, p.content as parent_content from comments c join comments p on p.id = c.parent_id order by c.id;

-- name: posts_this_year
-- args: []
-- expect: inexpressible
select id from posts where date_trunc('year', published_at) = date_trunc('year', now());

-- name: posts_not_medium_length
-- args: []
-- expect: ok
Select slug, reading_minutes From public.posts Where reading_minutes Not Between 2 And 3 Order By slug;

-- name: draft_post_with_tags
-- args: ["22222222-2222-4222-8222-222222222222", "Release notes", "release-notes", "rust"]
-- expect: ok
insert into public.posts (author_id, title, slug, tags) values ($1, $2, $3, array[$4, 'announcement']) returning slug, status, tags;
