-- Deterministic seed for the chat app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.users (id, username, status, "lastSeenAt") values
    ('11111111-1111-4111-8111-111111111111', 'alice', 'ONLINE', '2024-03-01 12:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob', 'OFFLINE', '2024-02-28 08:30:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol', 'ONLINE', '2024-03-01 11:59:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave', 'OFFLINE', null),
    ('55555555-5555-4555-8555-555555555555', 'erin', 'OFFLINE', '2024-02-01 10:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank', 'ONLINE', '2024-03-01 09:00:00+00');

insert into public.channels (id, inserted_at, slug, topic, is_private, created_by) values
    (1, '2024-01-01 10:00:00+00', 'public', 'Anything goes', false, '11111111-1111-4111-8111-111111111111'),
    (2, '2024-01-02 10:00:00+00', 'random', 'Off topic', false, '22222222-2222-4222-8222-222222222222'),
    (3, '2024-01-05 10:00:00+00', 'engineering', 'Builds, deploys and bugs', false, '33333333-3333-4333-8333-333333333333'),
    (4, '2024-01-07 10:00:00+00', 'leadership', null, true, '11111111-1111-4111-8111-111111111111'),
    (5, '2024-02-01 10:00:00+00', 'empty-room', 'Nobody here', false, '66666666-6666-4666-8666-666666666666');
select setval(pg_get_serial_sequence('public.channels', 'id'), 5);

insert into public.channel_members (channel_id, user_id, role, last_read_at, muted)
select c, u::uuid, case when (c + n) % 4 = 0 then 'admin' else 'member' end,
       case when n % 2 = 0 then timestamptz '2024-02-15 00:00:00+00' + (c || ' hours')::interval end,
       n = 5
from (values (1), (2), (3)) as cs(c),
     (values (1, '11111111-1111-4111-8111-111111111111'), (2, '22222222-2222-4222-8222-222222222222'),
             (3, '33333333-3333-4333-8333-333333333333'), (4, '44444444-4444-4444-8444-444444444444'),
             (5, '55555555-5555-4555-8555-555555555555')) as us(n, u);
insert into public.channel_members (channel_id, user_id, role) values
    (4, '11111111-1111-4111-8111-111111111111', 'admin'),
    (4, '33333333-3333-4333-8333-333333333333', 'member'),
    (2, '66666666-6666-4666-8666-666666666666', 'member');

alter table public.messages disable trigger messages_touch_last_read;
insert into public.messages (id, inserted_at, message, user_id, channel_id, reply_to, attachments, mentions)
select i,
       timestamptz '2024-02-10 08:00:00+00' + (i * 37 || ' minutes')::interval,
       (array['hello everyone', 'the deploy failed again', 'lunch at noon?', 'merged the fix for the login bug',
              'who broke the build', 'coffee anyone', 'release notes are up', 'the database migration is running',
              'great work on the launch', 'meeting moved to 3pm'])[1 + i % 10] || ' #' || i,
       (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
              '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444',
              '55555555-5555-4555-8555-555555555555'])[1 + (i * 7) % 5]::uuid,
       1 + i % 4,
       case when i % 9 = 0 and i > 9 then i - 4 end,
       case when i % 11 = 0 then jsonb_build_array(jsonb_build_object('name', 'file' || i || '.png', 'size', i * 1000)) else '[]'::jsonb end,
       case when i % 6 = 0 then array['33333333-3333-4333-8333-333333333333']::uuid[] else '{}'::uuid[] end
from generate_series(1, 60) as i;
alter table public.messages enable trigger messages_touch_last_read;
select setval(pg_get_serial_sequence('public.messages', 'id'), 60);

insert into public.reactions (message_id, user_id, emoji, created_at)
select m, u::uuid, e, timestamptz '2024-02-20 00:00:00+00' + (m || ' minutes')::interval
from generate_series(1, 60, 3) as m,
     (values ('11111111-1111-4111-8111-111111111111'), ('22222222-2222-4222-8222-222222222222')) as us(u),
     (values ('👍'), ('🎉')) as es(e)
where (m + length(u) + length(e)) % 3 <> 0;

insert into public.user_roles (user_id, role) values
    ('11111111-1111-4111-8111-111111111111', 'admin'),
    ('33333333-3333-4333-8333-333333333333', 'moderator');
insert into public.role_permissions (role, permission) values
    ('admin', 'channels.delete'), ('admin', 'messages.delete'), ('moderator', 'messages.delete');
