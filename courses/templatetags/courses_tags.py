"""Template tags that hand templates only the learner-safe view of bank items."""

from django import template

from courses.selectors import learner_question, localized, scenario_for_learner

register = template.Library()


@register.simple_tag
def learner_view(question):
    """Stem and options of a question, in the active language when translated;
    never credits, feedback or answers."""
    return learner_question(localized(question)) if question else None


@register.simple_tag
def learner_scenario(scenario):
    return scenario_for_learner(localized(scenario)) if scenario else None
