"""The interview role families and how a job title maps onto one.

Role slugs are shared with the question bank, so they live here, below both packages.
"""

from __future__ import annotations

import re
from typing import Final

SOFTWARE_ENGINEER: Final = "software_engineer"
DATA_SCIENTIST: Final = "data_scientist"
PRODUCT_MANAGER: Final = "product_manager"
DESIGNER: Final = "designer"
SALES: Final = "sales"
MARKETING: Final = "marketing"
CUSTOMER_SUPPORT: Final = "customer_support"
ENGINEERING_MANAGER: Final = "engineering_manager"

ROLES: Final[tuple[str, ...]] = (
    SOFTWARE_ENGINEER,
    DATA_SCIENTIST,
    PRODUCT_MANAGER,
    DESIGNER,
    SALES,
    MARKETING,
    CUSTOMER_SUPPORT,
    ENGINEERING_MANAGER,
)
# Bank questions with this role apply to every role (most behavioural questions).
GENERAL: Final = "general"

ROLE_LABELS: Final[dict[str, str]] = {
    SOFTWARE_ENGINEER: "Software engineer",
    DATA_SCIENTIST: "Data scientist",
    PRODUCT_MANAGER: "Product manager",
    DESIGNER: "Designer",
    SALES: "Sales",
    MARKETING: "Marketing",
    CUSTOMER_SUPPORT: "Customer support",
    ENGINEERING_MANAGER: "Engineering manager",
}

# Checked in order: the specific before the generic ("engineering manager" before "engineer",
# "data engineer" before "data", "support engineer" before "engineer").
_TITLE_RULES: Final[tuple[tuple[str, str], ...]] = (
    (
        r"engineering manager|head of engineering|director of engineering|vp,? (?:of )?engineering"
        r"|vice president,? (?:of )?engineering|\bcto\b|chief technology officer"
        r"|engineering director|engineering lead(?:er)?\b",
        ENGINEERING_MANAGER,
    ),
    (r"data engineer|analytics engineer", SOFTWARE_ENGINEER),
    (
        r"data scientist|machine learning|\bml\b|data analyst|statistician|research scientist"
        r"|analytics|\bai engineer\b|quantitative analyst",
        DATA_SCIENTIST,
    ),
    (
        r"product manager|product owner|head of product|product lead|\bcpo\b"
        r"|director of product|vp,? (?:of )?product|product management",
        PRODUCT_MANAGER,
    ),
    (
        r"designer|\bux\b|\bui\b|design lead|head of design|design director|ux researcher"
        r"|user researcher|art director",
        DESIGNER,
    ),
    (
        r"support|customer service|customer success|help ?desk|service desk|customer care"
        r"|call cent(?:er|re)",
        CUSTOMER_SUPPORT,
    ),
    (
        r"sales|account executive|business development|\bsdr\b|\bbdr\b|account manager"
        r"|\bae\b|partnerships",
        SALES,
    ),
    (
        r"marketing|marketer|growth|\bseo\b|content|brand|communications|social media"
        r"|copywriter|demand gen",
        MARKETING,
    ),
    (
        r"engineer|developer|programmer|\bsre\b|devops|architect|full[- ]?stack|back[- ]?end"
        r"|front[- ]?end|software",
        SOFTWARE_ENGINEER,
    ),
)
_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), role) for pattern, role in _TITLE_RULES)


def role_for_title(title: str) -> str | None:
    """The role family a job title belongs to, or None for titles outside the eight."""
    for pattern, role in _COMPILED:
        if pattern.search(title):
            return role
    return None
