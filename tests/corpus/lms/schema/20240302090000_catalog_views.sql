create view public.course_catalog
with (security_invoker = true)
as
select
  c.id,
  c.slug,
  c.title,
  c.summary,
  c.level,
  c.price,
  c.is_free,
  c.tags,
  c.published_at,
  p.full_name as instructor_name,
  (select count(*) from public.lessons l where l.course_id = c.id) as lesson_count,
  (select coalesce(sum(l.duration_seconds), 0) from public.lessons l where l.course_id = c.id) as total_seconds,
  (select round(avg(r.rating), 2) from public.reviews r where r.course_id = c.id) as avg_rating
from public.courses c
join public.profiles p on p.id = c.instructor_id
where c.published;

create materialized view public.course_stats as
select
  c.id as course_id,
  count(e.id) as enrollments,
  count(e.id) filter (where e.status = 'completed') as completions,
  case when count(e.id) = 0 then 0
       else round(100.0 * count(e.id) filter (where e.status = 'completed') / count(e.id), 1) end as completion_rate
from public.courses c
left join public.enrollments e on e.course_id = c.id
group by c.id;

create unique index course_stats_course_id_idx on public.course_stats (course_id);
