-- schemas: public,api

-- name: profile_by_username
-- args: ["alice"]
-- expect: ok
select * from profiles where username = $1;

-- name: profile_header
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select id, username, display_name, bio, avatar_url, website, location, "isVerified", created_at
from profiles
where id = $1;

-- name: search_people
-- args: ["%ar%"]
-- expect: ok
select id, username, display_name, avatar_url
from profiles
where username ilike $1 or display_name ilike $1
order by username
limit 10;

-- name: search_people_contains
-- args: ["rock"]
-- expect: ok
select id, username, display_name
from profiles
where display_name ilike '%' || $1 || '%'
order by display_name;

-- name: followers_of
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select p.id, p.username, p.display_name, p.avatar_url, f.created_at
from follows f
join profiles p on p.id = f.follower_id
where f.following_id = $1
order by f.created_at desc;

-- name: following_page
-- args: ["44444444-4444-4444-8444-444444444444", 2, 0]
-- expect: ok
select f.following_id, f.created_at, p.username, p."isVerified"
from follows f
join profiles p on p.id = f.following_id
where f.follower_id = $1
order by f.created_at
limit $2 offset $3;

-- name: follower_count
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select count(*) from follows where following_id = $1;

-- name: follower_count_fn
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select follower_count($1) as followers;

-- name: am_i_following
-- args: ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
select follower_id from follows where follower_id = $1 and following_id = $2;

-- name: is_following_fn
-- args: ["55555555-5555-4555-8555-555555555555"]
-- expect: ok
select is_following($1);

-- name: is_following_exists
-- args: ["11111111-1111-4111-8111-111111111111", "44444444-4444-4444-8444-444444444444"]
-- expect: inexpressible
select exists (select 1 from follows where follower_id = $1 and following_id = $2) as following;

-- name: follow_user
-- args: ["11111111-1111-4111-8111-111111111111", "44444444-4444-4444-8444-444444444444"]
-- expect: ok
insert into follows (follower_id, following_id) values ($1, $2) on conflict do nothing;

-- name: unfollow_user
-- args: ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
delete from follows where follower_id = $1 and following_id = $2 returning following_id;

-- name: follow_via_api
-- args: ["66666666-6666-4666-8666-666666666666"]
-- expect: ok
select api.follow(target => $1);

-- name: mutual_follows
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
with mine as (
    select following_id from follows where follower_id = $1
)
select p.id, p.username
from profiles p
join mine m on m.following_id = p.id
join follows back on back.follower_id = p.id and back.following_id = $1
order by p.username;

-- name: home_timeline_subquery
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
select p.id, p.body, p.created_at, pr.username, pr.avatar_url
from posts p
join profiles pr on pr.id = p.author_id
where p.author_id in (select following_id from follows where follower_id = $1)
order by p.created_at desc
limit 20;

-- name: home_feed_first_page
-- args: []
-- expect: ok
select * from home_feed(10);

-- name: home_feed_next_page
-- args: [60]
-- expect: ok
select id, body, like_count, created_at from home_feed(page_size => 5, before_id => $1);

-- name: user_posts_page
-- args: ["33333333-3333-4333-8333-333333333333", 10, 10]
-- expect: ok
select id, body, media, tags, visibility, like_count, comment_count, created_at
from posts
where author_id = $1
order by created_at desc
limit $2 offset $3;

-- name: posts_with_tag
-- args: ["music"]
-- expect: ok
select id, body, tags from posts where $1 = any(tags) order by id desc limit 10;

-- name: posts_with_all_tags
-- args: []
-- expect: ok
select id, body from posts where tags @> array['rust', 'postgres'] order by id;

-- name: posts_with_any_tag
-- args: [["running", "music"]]
-- expect: ok
select id, body, tags from posts where tags && $1 order by created_at desc limit 10;

-- name: posts_only_known_tags
-- args: []
-- expect: ok
select id, tags from posts where tags <@ array['rust', 'postgres', 'music'] and tags <> '{}' order by id limit 15;

-- name: search_posts_fts
-- args: ["postgres driver"]
-- expect: ok
select id, body from posts where fts @@ websearch_to_tsquery('english', $1) order by created_at desc;

-- name: search_posts_fn
-- args: ["rust compiler"]
-- expect: ok
select * from search_posts($1) limit 5;

-- name: post_detail
-- args: [14]
-- expect: ok
select p.id, p.body, p.media, p.like_count, p.comment_count, p.created_at,
       a.username, a.display_name, a."isVerified"
from posts p
join profiles a on a.id = p.author_id
where p.id = $1;

-- name: post_comments
-- args: [4]
-- expect: ok
select c.id, c.body, c.parent_id, c.level, c.created_at, u.username, u.avatar_url
from comments c
left join profiles u on u.id = c.author_id
where c.post_id = $1 and not c.is_deleted
order by c.created_at;

-- name: top_level_comments
-- args: [7]
-- expect: ok
select id, body, author_id, created_at from comments where post_id = $1 and parent_id is null order by created_at asc;

-- name: comment_replies
-- args: [2]
-- expect: ok
select id, body, author_id, level, created_at from comments where parent_id = $1 order by created_at;

-- name: comment_thread_fn
-- args: [4]
-- expect: ok
select * from api.thread($1);

-- name: add_comment
-- args: [4, "22222222-2222-4222-8222-222222222222", 4, "Totally agree"]
-- expect: ok
insert into comments (post_id, author_id, parent_id, body) values ($1, $2, $3, $4) returning id, post_id, level;

-- name: soft_delete_comment
-- args: [5, "22222222-2222-4222-8222-222222222222"]
-- expect: ok
update comments set is_deleted = true, body = '[deleted]' where id = $1 and author_id = $2 returning id, is_deleted;

-- name: like_post
-- args: ["11111111-1111-4111-8111-111111111111", 2]
-- expect: ok
insert into likes (user_id, post_id) values ($1, $2);

-- name: unlike_post
-- args: ["22222222-2222-4222-8222-222222222222", 1]
-- expect: ok
delete from likes where user_id = $1 and post_id = $2 returning post_id;

-- name: toggle_like_fn
-- args: [3]
-- expect: ok
select toggle_like($1);

-- name: liked_by_me
-- args: ["11111111-1111-4111-8111-111111111111", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]
-- expect: ok
select post_id from likes where user_id = $1 and post_id = any($2) order by post_id;

-- name: post_likers
-- args: [6]
-- expect: ok
select l.created_at, p.username, p.avatar_url
from likes l
join profiles p on p.id = l.user_id
where l.post_id = $1
order by l.created_at desc;

-- name: like_counts_for_posts
-- args: [[1, 2, 3, 4, 5, 6]]
-- expect: ok
select post_id, count(*) as likes from likes where post_id = any($1) group by post_id;

-- name: most_liked_since
-- args: ["2024-02-01T00:00:00Z"]
-- expect: ok
select id, body, like_count from posts where created_at >= $1 order by like_count desc, id limit 10;

-- name: bump_like_count
-- args: [9]
-- expect: inexpressible
update posts set like_count = like_count + 1 where id = $1;

-- name: create_post
-- args: ["11111111-1111-4111-8111-111111111111", "Hello from the new client", ["rust", "supabase"]]
-- expect: ok
insert into posts (author_id, body, tags, visibility)
values ($1, $2, $3, 'followers')
returning id, body, tags, visibility, char_count;

-- name: edit_post
-- args: [1, "Edited: shipping the driver tomorrow", ["postgres"], "22222222-2222-4222-8222-222222222222"]
-- expect: ok
update posts set body = $2, tags = $3 where id = $1 and author_id = $4 returning id, body, char_count;

-- name: delete_post
-- args: [120]
-- expect: ok
delete from posts where id = $1 returning id;

-- name: pin_post
-- args: ["2024-03-01T08:00:00Z", 20]
-- expect: ok
update posts set "pinnedAt" = $1 where id = $2;

-- name: pinned_posts
-- args: []
-- expect: ok
select id, author_id, body, "pinnedAt" from posts where "pinnedAt" is not null order by "pinnedAt" desc, id;

-- name: replies_to_post
-- args: [10]
-- expect: ok
select id, body, author_id from posts where reply_to_id = $1 order by created_at;

-- name: replies_with_original
-- args: ["44444444-4444-4444-8444-444444444444"]
-- expect: ok
select r.id, r.body, o.body as original_body
from posts r
join posts o on o.id = r.reply_to_id
where r.author_id = $1
order by r.id;

-- name: posts_with_images
-- args: []
-- expect: ok
select id, media->0->>'url' as image_url from posts where media <> '[]'::jsonb order by id limit 5;

-- name: visible_posts_of_author
-- args: ["55555555-5555-4555-8555-555555555555"]
-- expect: ok
select id, body, visibility from posts where author_id = $1 and visibility <> 'private' order by created_at desc;

-- name: posts_by_visibility
-- args: ["followers"]
-- expect: ok
select id, body from posts where visibility = $1::post_visibility order by id desc limit 5;

-- name: posts_hiding_blocked
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
select id, body from posts
where author_id not in (select blocked_id from blocks where blocker_id = $1)
order by id desc
limit 10;

-- name: comment_counts_for_author
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select p.id, p.body, count(c.id) as comments
from posts p
left join comments c on c.post_id = p.id
where p.author_id = $1
group by p.id, p.body
order by p.id;

-- name: top_posts_per_author
-- args: []
-- expect: inexpressible
select id, author_id, like_count,
       rank() over (partition by author_id order by like_count desc) as author_rank
from posts
order by author_id, author_rank
limit 20;

-- name: posts_per_day
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: inexpressible
select date_trunc('day', created_at) as day, count(*) as posts
from posts
where author_id = $1
group by 1
order by 1;

-- name: notifications_feed
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select n.id, n.type, n.post_id, n.read_at, n.created_at,
       a.username as actor_username, a.avatar_url as actor_avatar
from notifications n
left join profiles a on a.id = n.actor_id
where n.recipient_id = $1
order by n.created_at desc, n.id desc
limit 20;

-- name: unread_count
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select count(*) from notifications where recipient_id = $1 and read_at is null;

-- name: unread_count_fn
-- args: []
-- expect: ok
select unread_notification_count();

-- name: mark_notifications_read
-- args: ["2024-03-01T00:00:00Z", "11111111-1111-4111-8111-111111111111", [1, 2, 3]]
-- expect: ok
update notifications set read_at = $1 where recipient_id = $2 and id = any($3);

-- name: mark_all_read_now
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
update notifications set read_at = now() where recipient_id = $1 and read_at is null;

-- name: mark_all_read_fn
-- args: []
-- expect: ok
select mark_all_notifications_read();

-- name: comment_notifications
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, type, data->>'preview' as preview
from notifications
where recipient_id = $1 and type in ('comment', 'reply')
order by id desc;

-- name: like_notifications_with_post
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select n.id, n.created_at, p.body
from notifications n
join posts p on p.id = n.post_id
where n.recipient_id = $1 and n.type = 'like'
order by n.id desc
limit 5;

-- name: trending_tags
-- args: []
-- expect: ok
select tag, post_count from trending_hashtags order by post_count desc, tag limit 5;

-- name: posts_for_hashtag
-- args: ["Rust"]
-- expect: ok
select p.id, p.body
from posts p
join post_hashtags ph on ph.post_id = p.id
join hashtags h on h.id = ph.hashtag_id
where h.tag = $1
order by p.id desc
limit 10;

-- name: hashtag_usage
-- args: []
-- expect: ok
select h.tag, count(ph.post_id) as uses
from hashtags h
left join post_hashtags ph on ph.hashtag_id = h.id
group by h.tag
order by h.tag;

-- name: hashtag_autocomplete
-- args: ["r%"]
-- expect: ok
select id, tag from hashtags where tag ilike $1 order by tag limit 5;

-- name: save_hashtags
-- args: ["postgres", "edge-functions"]
-- expect: ok
insert into hashtags (tag) values ($1), ($2) on conflict (tag) do nothing returning id, tag;

-- name: profile_cards_by_followers
-- args: []
-- expect: ok
select * from profile_cards where username is not null order by followers desc, username;

-- name: api_timeline
-- args: []
-- expect: ok
select id, body, author_username, like_count from api.timeline order by created_at desc limit 10;

-- name: api_timeline_of_author
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select * from api.timeline where author_id = $1 order by created_at desc limit 5;

-- name: profile_stats_json
-- args: ["carol_sings"]
-- expect: ok
select api.profile_stats($1);

-- name: who_to_follow
-- args: ["44444444-4444-4444-8444-444444444444"]
-- expect: ok
select * from suggested_follows($1, 3);

-- name: who_to_follow_verified
-- args: ["55555555-5555-4555-8555-555555555555"]
-- expect: ok
select username, display_name from suggested_follows(for_user => $1) where "isVerified";

-- name: update_profile
-- args: ["11111111-1111-4111-8111-111111111111", "Alice L.", "Curiouser and curiouser", "https://alice.example"]
-- expect: ok
update profiles set display_name = $2, bio = $3, website = $4 where id = $1
returning id, username, display_name, bio, website;

-- name: upsert_profile
-- args: ["22222222-2222-4222-8222-222222222222", "bobby", "Bobby B"]
-- expect: ok
insert into profiles (id, username, display_name) values ($1, $2, $3)
on conflict (id) do update set username = excluded.username, display_name = excluded.display_name
returning id, username, display_name;

-- name: profiles_with_theme
-- args: ["dark"]
-- expect: ok
select id, username from profiles where metadata->>'theme' = $1 order by username;

-- name: onboarded_profiles
-- args: []
-- expect: ok
select id, username from profiles where metadata @> '{"onboarded": true}' order by username;

-- name: display_names
-- args: []
-- expect: inexpressible
select id, coalesce(display_name, username::text, 'anonymous') as name from profiles order by id;

-- name: cities
-- args: []
-- expect: inexpressible
select distinct location from profiles where location is not null order by location;

-- name: newest_members
-- args: []
-- expect: ok
select id, username, created_at from profiles order by created_at desc nulls last limit 3;

-- name: profiles_elsewhere
-- args: ["Berlin"]
-- expect: ok
select id, username, location from profiles where location is distinct from $1 order by id;

-- name: blocked_users
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select b.blocked_id, b.created_at, p.username
from blocks b
join profiles p on p.id = b.blocked_id
where b.blocker_id = $1;

-- name: likes_between
-- args: ["2024-01-20T00:00:00Z", "2024-01-31T00:00:00Z"]
-- expect: ok
select count(*) from likes where created_at between $1 and $2;
