-- schemas: public,api

-- name: list_channels
-- args: []
-- expect: ok
select id, slug, topic from channels where is_private = false order by slug;

-- name: channel_by_slug
-- args: ["engineering"]
-- expect: ok
select * from channels where slug = $1;

-- name: channel_messages_page
-- args: [3, 5, 0]
-- expect: ok
select id, message, user_id, inserted_at from messages where channel_id = $1 order by inserted_at desc limit $2 offset $3;

-- name: messages_before_cursor
-- args: [1, 40, 5]
-- expect: ok
select id, message from messages where channel_id = $1 and id < $2 order by id desc limit $3;

-- name: messages_with_author
-- args: [2]
-- expect: ok
select m.id, m.message, u.username
from messages m
join users u on u.id = m.user_id
where m.channel_id = $1
order by m.id
limit 5;

-- name: messages_with_author_left
-- args: [4]
-- expect: ok
select m.id, m.inserted_at, m.message, u.username, u.status
from messages m
left join users u on u.id = m.user_id
where m.channel_id = $1
order by m.inserted_at;

-- name: search_messages_fts
-- args: ["deploy"]
-- expect: ok
select id, message from messages where fts @@ to_tsquery('english', $1) order by id;

-- name: search_messages_websearch
-- args: ["login bug"]
-- expect: ok
select id, message from messages where fts @@ websearch_to_tsquery('english', $1) order by id desc limit 3;

-- name: search_messages_plain
-- args: ["database migration"]
-- expect: ok
select id from messages where fts @@ plainto_tsquery('english', $1) order by id;

-- name: messages_ilike
-- args: ["%coffee%"]
-- expect: ok
select id, message from messages where message ilike $1 order by id;

-- name: messages_not_like
-- args: ["hello%"]
-- expect: ok
select id from messages where channel_id = 1 and message not like $1 order by id;

-- name: messages_with_attachments
-- args: []
-- expect: ok
select id, attachments from messages where attachments <> '[]'::jsonb order by id;

-- name: messages_mentioning
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select id, channel_id from messages where $1 = any(mentions) order by id;

-- name: replies_to_message
-- args: [14]
-- expect: ok
select id, message from messages where reply_to = $1 order by id;

-- name: replies_with_parent
-- args: []
-- expect: ok
select m.id, m.reply_to, p.message as parent_message
from messages m
join messages p on p.id = m.reply_to
order by m.id;

-- name: channel_members_list
-- args: [3]
-- expect: ok
select cm.user_id, cm.role, u.username from channel_members cm join users u on u.id = cm.user_id where cm.channel_id = $1 order by u.username;

-- name: user_channels
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select c.slug, cm.role, cm.muted
from channel_members cm
join channels c on c.id = cm.channel_id
where cm.user_id = $1
order by c.slug;

-- name: channels_with_members
-- args: []
-- expect: ok
select c.slug, cm.user_id
from channels c
left join channel_members cm on cm.channel_id = c.id
where c.is_private = false;

-- name: member_count_per_channel
-- args: []
-- expect: ok
select channel_id, count(*) as members from channel_members group by channel_id;

-- name: message_count_per_channel_embed
-- args: []
-- expect: ok
select c.id, c.slug, count(m.id) as messages from channels c left join messages m on m.channel_id = c.id group by c.id, c.slug;

-- name: channel_stats_view
-- args: [10]
-- expect: ok
select channel_id, slug, message_count, last_message_at, posters from channel_stats where message_count >= $1 order by slug;

-- name: online_users
-- args: []
-- expect: ok
select id, username, "lastSeenAt" from users where status = 'ONLINE' order by "lastSeenAt" desc nulls last;

-- name: users_by_ids
-- args: [["22222222-2222-4222-8222-222222222222", "44444444-4444-4444-8444-444444444444"]]
-- expect: ok
select id, username from users where id = any($1) order by username;

-- name: users_seen_between
-- args: ["2024-02-01T00:00:00Z", "2024-03-01T10:00:00Z"]
-- expect: ok
select username from users where "lastSeenAt" between $1 and $2 order by username;

-- name: reactions_for_message
-- args: [4]
-- expect: ok
select emoji, count(*) as n from reactions where message_id = $1 group by emoji;

-- name: send_message
-- args: [2, "22222222-2222-4222-8222-222222222222", "shipping it"]
-- expect: ok
insert into messages (channel_id, user_id, message, inserted_at) values ($1, $2, $3, '2024-03-02T10:00:00Z') returning id, channel_id, message, inserted_at;

-- name: edit_message
-- args: ["edited text", "2024-03-02T11:00:00Z", 7, "55555555-5555-4555-8555-555555555555"]
-- expect: ok
update messages set message = $1, edited_at = $2 where id = $3 and user_id = $4 returning id, message, edited_at;

-- name: delete_message
-- args: [60]
-- expect: ok
delete from messages where id = $1 returning id, channel_id;

-- name: create_channel
-- args: ["design", "Pixels", "33333333-3333-4333-8333-333333333333"]
-- expect: ok
insert into channels (slug, topic, created_by, inserted_at) values ($1, $2, $3, '2024-03-03T00:00:00Z') returning id, slug, topic, is_private;

-- name: join_channel_upsert
-- args: [5, "22222222-2222-4222-8222-222222222222"]
-- expect: ok
insert into channel_members (channel_id, user_id) values ($1, $2) on conflict do nothing returning channel_id, user_id, role;

-- name: mute_channel
-- args: [1, "55555555-5555-4555-8555-555555555555"]
-- expect: ok
update channel_members set muted = false where channel_id = $1 and user_id = $2 returning muted;

-- name: add_reaction
-- args: [1, "33333333-3333-4333-8333-333333333333", "🚀", "2024-03-03T00:00:00Z"]
-- expect: ok
insert into reactions (message_id, user_id, emoji, created_at) values ($1, $2, $3, $4) on conflict (message_id, user_id, emoji) do nothing returning emoji;

-- name: remove_reaction
-- args: [4, "11111111-1111-4111-8111-111111111111", "👍"]
-- expect: ok
delete from reactions where message_id = $1 and user_id = $2 and emoji = $3 returning message_id;

-- name: set_status_bulk
-- args: ["OFFLINE", ["11111111-1111-4111-8111-111111111111", "33333333-3333-4333-8333-333333333333"]]
-- expect: ok
update users set status = $1::user_status where id = any($2) returning id, status;

-- name: authorize_fn
-- args: ["messages.delete", "33333333-3333-4333-8333-333333333333"]
-- expect: ok
select authorize($1, $2);

-- name: unread_count_fn
-- args: [1, "22222222-2222-4222-8222-222222222222"]
-- expect: ok
select unread_count(p_channel_id => $1, p_user_id => $2) as unread;

-- name: search_messages_fn
-- args: ["build"]
-- expect: ok
select id, message, channel_id from search_messages($1) where channel_id = 3 order by id;

-- name: api_latest_messages
-- args: [1, 3]
-- expect: ok
select * from api.latest_messages($1, $2);

-- name: api_join_channel
-- args: [5, "44444444-4444-4444-8444-444444444444"]
-- expect: ok
select * from api.join_channel($1, $2);

-- name: latest_message_per_channel
-- args: []
-- expect: inexpressible
select distinct on (channel_id) channel_id, id, message from messages order by channel_id, inserted_at desc;

-- name: unread_messages_for_user
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
select m.channel_id, count(*) as unread
from messages m
join channel_members cm on cm.channel_id = m.channel_id and cm.user_id = $1
where cm.last_read_at is null or m.inserted_at > cm.last_read_at
group by m.channel_id order by m.channel_id;

-- name: top_posters
-- args: [3]
-- expect: inexpressible
select u.username, count(*) as posts from messages m join users u on u.id = m.user_id group by u.username order by posts desc, u.username limit $1;

-- name: channels_without_messages
-- args: []
-- expect: ok
select slug from channels c where not exists (select 1 from messages m where m.channel_id = c.id);

-- name: message_rank_in_channel
-- args: [2]
-- expect: inexpressible
select id, rank() over (order by inserted_at) as n from messages where channel_id = $1 order by n limit 5;

-- name: channel_posters_distinct
-- args: [1]
-- expect: inexpressible
select distinct user_id from messages where channel_id = $1 order by user_id;

-- name: messages_last_hour
-- args: []
-- expect: inexpressible
select id from messages where inserted_at > now() - interval '1 hour';

-- name: reaction_summary_json
-- args: [1]
-- expect: inexpressible
select message_id, json_object_agg(emoji, n) as summary
from (select message_id, emoji, count(*) as n from reactions group by message_id, emoji) r
where message_id = $1 group by message_id;

-- name: mark_channel_read
-- args: [1, "22222222-2222-4222-8222-222222222222"]
-- expect: inexpressible
update channel_members cm set last_read_at = m.last_at
from (select channel_id, max(inserted_at) as last_at from messages group by channel_id) m
where m.channel_id = cm.channel_id and cm.channel_id = $1 and cm.user_id = $2
returning cm.last_read_at;

-- name: thread_cte
-- args: [14]
-- expect: inexpressible
with recursive thread as (
    select id, reply_to, message from messages where id = $1
    union all
    select m.id, m.reply_to, m.message from messages m join thread t on m.reply_to = t.id
)
select id, message from thread order by id;

-- name: message_lengths
-- args: [1]
-- expect: inexpressible
select id, length(message) as chars from messages where channel_id = $1 order by chars desc, id limit 3;

-- name: messages_starting_with_who
-- args: []
-- expect: ok
select id, message from messages where message ~* '^who' order by id;

-- name: messages_with_replies
-- args: []
-- expect: ok
select m.id, r.id as reply_id from messages m join messages r on r.reply_to = m.id order by m.id;

-- name: mine_or_mentioning_me
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select id, user_id from messages where user_id = $1 or mentions @> array[$1]::uuid[] order by id;

-- name: messages_last_day
-- args: []
-- expect: inexpressible
select id from messages where inserted_at > now() - interval '1 day';

-- name: unmuted_non_owners
-- args: [["owner"]]
-- expect: ok
select channel_id, user_id, role from channel_members where muted is not true and role <> all($1) order by channel_id, user_id;

-- name: rename_and_retopic_channel
-- args: ["general-2", "Everything else", 1]
-- expect: ok
update channels set (slug, topic) = ($1, $2) where id = $3 returning id, slug, topic;
