-- Deterministic seed for the social app: six users (profiles come from the auth trigger),
-- follows, ~120 posts, likes, threaded comments, notifications and hashtags.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"user_name": "alice", "full_name": "Alice Liddell", "avatar_url": "https://i.example.com/alice.png"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"user_name": "Bob", "full_name": "Bob Builder"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"user_name": "carol_sings", "full_name": "Carol King", "avatar_url": "https://i.example.com/carol.png"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"user_name": "dave"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"user_name": "erin.codes", "full_name": "Erin Brockovich"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{"full_name": "Frank Ocean"}', '2024-01-06 09:00:00+00');

update public.profiles set
    bio = case username::text
        when 'alice' then 'Down the rabbit hole. Rust, Postgres and tea.'
        when 'Bob' then 'Can we fix it? Yes we can.'
        when 'carol_sings' then 'Songwriter. Coffee first.'
        when 'erin.codes' then 'Backend engineer, open source maintainer'
        else null end,
    website = case username::text when 'alice' then 'https://alice.dev' when 'erin.codes' then 'https://erin.codes' end,
    location = case username::text when 'alice' then 'Oxford' when 'Bob' then 'Berlin' when 'carol_sings' then 'Brooklyn' when 'dave' then 'Berlin' end,
    "isVerified" = coalesce(username::text in ('alice', 'carol_sings'), false),
    is_private = coalesce(username::text = 'dave', false),
    metadata = case username::text
        when 'alice' then '{"theme": "dark", "lang": "en", "onboarded": true}'
        when 'Bob' then '{"theme": "light", "lang": "de", "onboarded": true}'
        when 'carol_sings' then '{"lang": "en", "onboarded": false}'
        else '{}' end::jsonb,
    created_at = timestamptz '2024-01-01 09:00:00+00' + ((substr(id::text, 1, 1))::int - 1) * interval '1 day',
    updated_at = timestamptz '2024-02-01 00:00:00+00';

insert into public.follows (follower_id, following_id, created_at) values
    ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '2024-01-10 10:00:00+00'),
    ('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333', '2024-01-10 10:05:00+00'),
    ('11111111-1111-4111-8111-111111111111', '55555555-5555-4555-8555-555555555555', '2024-01-12 08:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', '2024-01-11 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333', '2024-01-11 09:30:00+00'),
    ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', '2024-01-12 12:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111', '2024-01-13 07:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', '33333333-3333-4333-8333-333333333333', '2024-01-13 07:01:00+00'),
    ('44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555', '2024-01-13 07:02:00+00'),
    ('55555555-5555-4555-8555-555555555555', '11111111-1111-4111-8111-111111111111', '2024-01-14 18:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', '22222222-2222-4222-8222-222222222222', '2024-01-14 18:10:00+00'),
    ('66666666-6666-4666-8666-666666666666', '33333333-3333-4333-8333-333333333333', '2024-01-15 20:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', '11111111-1111-4111-8111-111111111111', '2024-01-15 20:01:00+00');

insert into public.blocks (blocker_id, blocked_id, created_at) values
    ('33333333-3333-4333-8333-333333333333', '66666666-6666-4666-8666-666666666666', '2024-02-02 10:00:00+00'),
    ('11111111-1111-4111-8111-111111111111', '44444444-4444-4444-8444-444444444444', '2024-02-03 10:00:00+00');

-- 120 posts, round-robin over the six authors, one every 5 hours from 2024-01-16.
insert into public.posts (id, author_id, body, media, tags, visibility, reply_to_id, "pinnedAt", created_at, updated_at)
select
    n,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444',
           '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'])[1 + (n % 6)]::uuid,
    (array['Shipping a new release of the Postgres driver today',
           'Coffee and rust compiler errors, a love story',
           'Anyone else going to the concert in Brooklyn tonight?',
           'Rewrote our feed query with a window function, 10x faster',
           'Hot take: tabs are better than spaces',
           'Just finished a 10k run in the rain',
           'Reading about row level security in Postgres',
           'New song drop this Friday!',
           'Debugging a deadlock at 2am again',
           'Tea time in Oxford, the rabbit is late'])[1 + (n % 10)] || ' #' || n,
    case when n % 7 = 0 then jsonb_build_array(jsonb_build_object('type', 'image', 'url', 'https://cdn.example.com/p/' || n || '.jpg', 'width', 1080))
         else '[]'::jsonb end,
    case n % 5
        when 0 then array['postgres', 'rust']
        when 1 then array['music']
        when 2 then array['running', 'health']
        when 3 then array['rust']
        else '{}'::text[] end,
    (case when n % 11 = 0 then 'private' when n % 4 = 0 then 'followers' else 'public' end)::public.post_visibility,
    case when n % 9 = 0 and n > 9 then n - 8 end,
    case when n in (3, 14) then timestamptz '2024-02-20 12:00:00+00' end,
    timestamptz '2024-01-16 00:00:00+00' + n * interval '5 hours',
    timestamptz '2024-01-16 00:00:00+00' + n * interval '5 hours'
from generate_series(1, 120) as n;
select setval(pg_get_serial_sequence('public.posts', 'id'), 120);

-- likes: each user likes a deterministic subset
insert into public.likes (user_id, post_id, created_at)
select u.id, p.id, p.created_at + (u.k * interval '17 minutes')
from (values ('11111111-1111-4111-8111-111111111111'::uuid, 1), ('22222222-2222-4222-8222-222222222222', 2),
             ('33333333-3333-4333-8333-333333333333', 3), ('44444444-4444-4444-8444-444444444444', 4),
             ('55555555-5555-4555-8555-555555555555', 5), ('66666666-6666-4666-8666-666666666666', 6)) as u(id, k)
join public.posts p on (p.id * 7 + u.k * 3) % 5 < 2 and p.author_id <> u.id;

-- comments: top-level ones on the first 40 posts, then replies and replies to replies
insert into public.comments (id, post_id, author_id, parent_id, body, created_at, updated_at)
select n, 1 + (n * 3) % 40,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '55555555-5555-4555-8555-555555555555'])[1 + (n % 4)]::uuid,
    null,
    (array['Great point!', 'I disagree, but ok', 'Source?', 'This made my day', 'Same here'])[1 + (n % 5)],
    timestamptz '2024-02-01 00:00:00+00' + n * interval '1 hour',
    timestamptz '2024-02-01 00:00:00+00' + n * interval '1 hour'
from generate_series(1, 50) as n;
insert into public.comments (id, post_id, author_id, parent_id, body, created_at, updated_at)
select 50 + n, c.post_id,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '66666666-6666-4666-8666-666666666666'])[1 + (n % 3)]::uuid,
    c.id,
    (array['Replying to this', 'Exactly', 'Not sure about that'])[1 + (n % 3)],
    c.created_at + interval '30 minutes',
    c.created_at + interval '30 minutes'
from generate_series(1, 25) as n
join public.comments c on c.id = n * 2;
insert into public.comments (id, post_id, author_id, parent_id, body, is_deleted, created_at, updated_at)
select 75 + n, c.post_id, '11111111-1111-4111-8111-111111111111', c.id,
    case when n = 3 then '[deleted]' else 'Deep in the thread ' || n end, n = 3,
    c.created_at + interval '45 minutes', c.created_at + interval '45 minutes'
from generate_series(1, 10) as n
join public.comments c on c.id = 50 + n;
select setval(pg_get_serial_sequence('public.comments', 'id'), 85);

insert into public.notifications (recipient_id, actor_id, type, post_id, comment_id, data, read_at, created_at)
select p.author_id, l.user_id, 'like', p.id, null, '{}'::jsonb,
    case when p.id % 3 = 0 then l.created_at + interval '1 day' end, l.created_at
from public.likes l join public.posts p on p.id = l.post_id
where p.id <= 60
order by l.created_at, l.user_id;
insert into public.notifications (recipient_id, actor_id, type, post_id, comment_id, data, read_at, created_at)
select p.author_id, c.author_id, case when c.parent_id is null then 'comment' else 'reply' end::public.notification_type,
    p.id, c.id, jsonb_build_object('preview', left(c.body, 20)), null, c.created_at
from public.comments c join public.posts p on p.id = c.post_id
where c.author_id <> p.author_id
order by c.id;
insert into public.notifications (recipient_id, actor_id, type, data, created_at)
select following_id, follower_id, 'follow', '{}'::jsonb, created_at from public.follows order by created_at;

insert into public.hashtags (id, tag, created_at) values
    (1, 'postgres', '2024-01-10 00:00:00+00'), (2, 'Rust', '2024-01-10 00:00:00+00'),
    (3, 'music', '2024-01-11 00:00:00+00'), (4, 'running', '2024-01-12 00:00:00+00'),
    (5, 'health', '2024-01-12 00:00:00+00'), (6, 'supabase', '2024-01-20 00:00:00+00'),
    (7, 'OpenSource', '2024-01-21 00:00:00+00'), (8, 'coffee', '2024-01-22 00:00:00+00');
select setval(pg_get_serial_sequence('public.hashtags', 'id'), 8);

insert into public.post_hashtags (post_id, hashtag_id)
select p.id, h.id from public.posts p
join public.hashtags h on lower(h.tag::text) = any (p.tags);
insert into public.post_hashtags (post_id, hashtag_id)
select p.id, 8 from public.posts p where p.body ilike 'coffee%';

refresh materialized view public.trending_hashtags;
