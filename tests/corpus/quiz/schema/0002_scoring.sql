-- Scoring: leaderboard view, a materialized all-time leaderboard, functions in `public` and `game`.
create view public.game_results as
select p.game_id, p.id as participant_id, p.nickname, coalesce(sum(a.score), 0)::bigint as total_score,
       count(a.id) filter (where a.score > 0) as correct_answers
from public.participants p
left join public.answers a on a.participant_id = p.id
group by p.game_id, p.id, p.nickname;

create materialized view public.top_players as
select p.nickname, count(distinct p.game_id) as games_played, sum(a.score)::bigint as total_score,
       max(a.score) as best_answer
from public.participants p
join public.answers a on a.participant_id = p.id
group by p.nickname
with data;

create or replace function public.question_count(quiz uuid) returns integer
language sql stable
as $$ select count(*)::int from public.questions where quiz_set_id = quiz $$;

create or replace function public.score_answer(p_choice uuid, p_seconds numeric, p_limit numeric default 20)
returns integer
language sql immutable
as $$ select 0 $$;

create or replace function public.score_answer(p_choice uuid, p_seconds numeric, p_limit numeric default 20)
returns integer
language sql stable
as $$
    select case when c.is_correct then (1000 * (1 - least(p_seconds, p_limit) / p_limit / 2))::int else 0 end
    from public.choices c where c.id = p_choice
$$;

create schema if not exists game;
grant usage on schema game to anon, authenticated, service_role;

create or replace function game.find_by_pin(game_pin text)
returns setof public.games
language sql stable
as $$ select * from public.games where pin = game_pin $$;

create or replace function game.leaderboard(game uuid, top integer default 10)
returns table (nickname text, total_score bigint, "rank" bigint)
language sql stable
as $$
    select nickname, total_score, rank() over (order by total_score desc)
    from public.game_results where game_id = game
    order by total_score desc, nickname
    limit top;
$$;

create or replace function game.next_question(game uuid)
returns void
language sql volatile
as $$
    update public.games set current_question_sequence = current_question_sequence + 1, is_answer_revealed = false
    where id = game;
$$;

create or replace function public.set_game_started() returns trigger
language plpgsql
as $$
begin
    if new.phase = 'quiz' and old.phase = 'lobby' then
        new.started_at := now();
    end if;
    return new;
end;
$$;
create trigger games_started before update of phase on public.games
    for each row execute function public.set_game_started();

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant usage on all sequences in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, game to anon, authenticated, service_role;
