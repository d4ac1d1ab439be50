-- Views and functions for the client; the `api` schema is exposed next to `public`.
create view public.channel_stats as
select c.id as channel_id, c.slug, count(m.id) as message_count, max(m.inserted_at) as last_message_at,
       count(distinct m.user_id) as posters
from public.channels c
left join public.messages m on m.channel_id = c.id
group by c.id, c.slug;

create or replace function public.unread_count(p_channel_id bigint, p_user_id uuid)
returns bigint
language sql stable
as $$
    select count(*) from public.messages m
    join public.channel_members cm on cm.channel_id = m.channel_id and cm.user_id = p_user_id
    where m.channel_id = p_channel_id
      and (cm.last_read_at is null or m.inserted_at > cm.last_read_at);
$$;

create or replace function public.search_messages(query text)
returns setof public.messages
language sql stable
as $$
    select * from public.messages where fts @@ websearch_to_tsquery('english', query) order by inserted_at desc;
$$;

create schema if not exists api;
grant usage on schema api to anon, authenticated, service_role;

create or replace function api.join_channel(channel bigint, member uuid)
returns public.channel_members
language sql volatile
as $$
    insert into public.channel_members (channel_id, user_id) values (channel, member)
    on conflict (channel_id, user_id) do update set muted = false
    returning *;
$$;

create or replace function api.latest_messages(channel bigint, max_rows integer default 20)
returns table (id bigint, message text, username text, inserted_at timestamptz)
language sql stable
as $$
    select m.id, m.message, u.username, m.inserted_at
    from public.messages m join public.users u on u.id = m.user_id
    where m.channel_id = channel
    order by m.inserted_at desc, m.id desc
    limit max_rows;
$$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, api to anon, authenticated, service_role;
