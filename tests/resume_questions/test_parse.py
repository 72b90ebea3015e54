"""Résumé parsing on real PDF and DOCX files: skills, roles, employers, years, the rest."""

from __future__ import annotations

import json
from datetime import date

from analysis_app.engine.typed_json import dump, load
from sessions_app.resume import ParsedResume, parse_resume, read_resume
from tests.resume_questions.conftest import TODAY


def test_pdf_resume_skills_come_out_right(engineer_resume: ParsedResume) -> None:
    # then: aliases resolved ("k8s", "JS", "sklearn"), short names found in lists ("Go")
    assert {
        "Kubernetes",
        "JavaScript",
        "scikit-learn",
        "Go",
        "Python",
        "Helm",
        "Terraform",
        "Apache Kafka",
        "Django",
        "PostgreSQL",
        "CI/CD",
        "GitHub Actions",
        "TypeScript",
        "SQL",
        "Docker",
        "AWS",
        "Redis",
        "REST APIs",
        "jQuery",
    } == set(engineer_resume.skills)
    # the link github.com/alexm is not the skill GitHub
    assert "GitHub" not in engineer_resume.skills


def test_pdf_resume_roles_and_employers_come_out_right(engineer_resume: ParsedResume) -> None:
    # then: three layouts ("Title, Employer | dates", "Title at Employer (dates)", and
    # employer, title and dates on three lines)
    assert engineer_resume.roles == [
        "Senior Software Engineer",
        "Software Engineer",
        "Junior Developer",
    ]
    assert engineer_resume.employers == ["Acme Corp", "Globex Inc", "Initech"]
    assert engineer_resume.role_family == "software_engineer"
    acme = engineer_resume.experiences[0]
    assert (acme.start, acme.end, acme.is_current, acme.months) == ("2021-01", None, True, 42)
    assert {"Kubernetes", "Helm", "Terraform", "Apache Kafka"} <= set(acme.skills)
    assert acme.highlights[0].startswith("Moved 30 services to k8s")


def test_pdf_resume_years_of_experience_come_out_right(engineer_resume: ParsedResume) -> None:
    # then: Jan 2021-Jun 2024 (42) + Mar 2017-Dec 2020 (46) + Jun 2015-Feb 2017 (21) months
    assert engineer_resume.years_of_experience == 9.1
    assert engineer_resume.stated_years_of_experience == 8


def test_pdf_resume_projects_education_and_contact(engineer_resume: ParsedResume) -> None:
    # then
    assert [project.name for project in engineer_resume.projects] == ["Kubeshift"]
    assert engineer_resume.projects[0].skills == ["Kubernetes", "Go"]
    education = engineer_resume.education[0]
    assert (education.institution, education.degree, education.field_of_study) == (
        "University of Manchester",
        "BSc",
        "Computer Science",
    )
    assert education.graduation_year == 2015
    assert engineer_resume.name == "Alex Morgan"
    assert engineer_resume.email == "alex.morgan@example.com"


def test_docx_resume_comes_out_right(scientist_resume: ParsedResume) -> None:
    # then: the table row and the "Title, Employer - dates" paragraph are both read
    assert scientist_resume.roles == ["Lead Data Scientist", "Data Analyst"]
    assert scientist_resume.employers == ["Northwind Health", "Contoso Bank"]
    assert scientist_resume.role_family == "data_scientist"
    assert {
        "scikit-learn",
        "XGBoost",
        "A/B testing",
        "SQL",
        "Tableau",
        "PyTorch",
        "Python",
        "R",
        "Apache Spark",
        "Apache Airflow",
    } <= set(scientist_resume.skills)
    # 2019 (mid-year) - Jun 2024 overlaps Sep 2016 - Aug 2019: the union is 94 months
    assert scientist_resume.years_of_experience == 7.8
    assert scientist_resume.education[0].degree == "MSc"
    assert scientist_resume.education[0].field_of_study == "Statistics"
    assert [project.name for project in scientist_resume.projects] == ["Readmission Radar"]


def test_parsed_resume_round_trips_through_json(engineer_resume: ParsedResume) -> None:
    # when
    stored = json.loads(json.dumps(dump(engineer_resume)))
    restored = load(ParsedResume, stored)

    # then
    assert restored == engineer_resume
    assert stored["version"] == 1


def test_partial_stored_dict_still_loads() -> None:
    # when
    restored = load(ParsedResume, {"skills": ["Python"], "experiences": [{"title": "Dev"}]})
    # then
    assert restored.skills == ["Python"]
    assert restored.experiences[0].employer == ""
    assert restored.years_of_experience is None


def test_resume_without_headings_still_yields_jobs() -> None:
    # given a plain-text résumé with no section headings at all
    text = (
        "Sam Lee\n"
        "Customer Support Specialist @ Brightdesk Ltd, since 2021\n"
        "Handled 60 tickets a day in Zendesk with a 96% CSAT.\n"
        "Support Agent - Helpline Co - 2018 - 2021\n"
    )

    # when
    parsed = parse_resume(text, today=date(2024, 1, 10))

    # then
    assert parsed.roles == ["Customer Support Specialist", "Support Agent"]
    assert parsed.employers == ["Brightdesk Ltd", "Helpline Co"]
    assert parsed.role_family == "customer_support"
    # Jul 2018 (a bare year counts from mid-year) to Jan 2024 inclusive: 67 months
    assert parsed.years_of_experience == 5.6
    assert {"Zendesk", "CSAT"} <= set(parsed.skills)


def test_internships_and_overlaps_do_not_inflate_years() -> None:
    # given two concurrent jobs and an internship
    text = (
        "EXPERIENCE\n"
        "Product Manager, Umbrella Labs | 01/2020 - 12/2021\n"
        "Advisor, Tyrell Ventures | 06/2021 - 12/2021\n"
        "Product Intern, Cyberdyne Systems | 06/2019 - 09/2019\n"
    )

    # when
    parsed = parse_resume(text, today=TODAY)

    # then: 24 months, the advisor role overlapping and the internship left out
    assert parsed.years_of_experience == 2.0
    assert parsed.experiences[2].months == 4
    assert parsed.role_family == "product_manager"


def test_read_resume_extracts_and_parses(scientist_docx: bytes) -> None:
    # when
    extracted, parsed = read_resume(scientist_docx, "cv.docx", today=TODAY)
    # then
    assert "Northwind Health" in extracted.text
    assert parsed.employers[0] == "Northwind Health"
