"""The measures in the residents' report's own plain words, translated.

The staff pages use ``doorstep.measures.names``, worded after the regulator's definitions;
the residents' report aims at a reading age of 11 (docs/publishing.md), so it says the same
things in shorter words, in each language the resident pages speak. The regulator's code
stays beside every figure, so a reader can match it to the official definition.
"""

from django.utils.translation import gettext_lazy as _

RESIDENT_NAMES = {
    "TP01": _("Satisfied with the service overall"),
    "TP02": _("Satisfied with repairs in the last 12 months"),
    "TP03": _("Satisfied with the time their last repair took"),
    "TP04": _("Satisfied that their home is kept in good repair"),
    "TP05": _("Satisfied that their home is safe"),
    "TP06": _("Satisfied that we listen to their views and act on them"),
    "TP07": _("Satisfied that we tell them about things that matter"),
    "TP08": _("Agree that we treat them fairly and with respect"),
    "TP09": _("Satisfied with how we deal with complaints"),
    "TP10": _("Satisfied that shared areas are kept clean and in good repair"),
    "TP11": _("Satisfied that we help make their area a good place to live"),
    "TP12": _("Satisfied with how we deal with anti-social behaviour"),
    "BS01": _("Homes with all the gas safety checks they need"),
    "BS02": _("Homes with all the fire risk checks they need"),
    "BS03": _("Homes with all the asbestos checks they need"),
    "BS04": _("Homes with all the water safety checks they need"),
    "BS05": _("Homes with all the lift safety checks they need"),
    "RP01": _("Homes that do not meet the Decent Homes Standard"),
    "RP02-1": _("Routine repairs done on time"),
    "RP02-2": _("Emergency repairs done on time"),
    "CH01-1": _("Stage 1 complaints for every 1,000 homes"),
    "CH01-2": _("Stage 2 complaints for every 1,000 homes"),
    "CH02-1": _("Stage 1 complaints answered on time"),
    "CH02-2": _("Stage 2 complaints answered on time"),
    "NM01-1": _("Anti-social behaviour cases for every 1,000 homes"),
    "NM01-2": _("Anti-social behaviour cases with hate incidents for every 1,000 homes"),
}

TENURE_WORDS = {
    "LCRA": _("People who rent their home"),
    "LCHO": _("Shared owners"),
    "combined": _("All homes"),
}

# The report's sections of management measures, in the order the report gives them.
SECTIONS = (
    ("safety", _("Keeping homes safe"), ("BS01", "BS02", "BS03", "BS04", "BS05", "RP01")),
    ("repairs", _("Repairs"), ("RP02-1", "RP02-2")),
    ("complaints", _("Complaints"), ("CH01-1", "CH01-2", "CH02-1", "CH02-2")),
    ("neighbourhoods", _("Anti-social behaviour"), ("NM01-1", "NM01-2")),
)
