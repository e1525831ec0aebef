"""The measures' names in plain English, as residents and board members read them.

Worded after the regulator's definitions (../shared/spec/measures.md); every screen,
export and report takes the names from here.
"""

MEASURE_NAMES = {
    "TP01": "Satisfied with the overall service",
    "TP02": "Satisfied with the overall repairs service",
    "TP03": "Satisfied with the time taken to complete the most recent repair",
    "TP04": "Satisfied that the home is well maintained",
    "TP05": "Satisfied that the home is safe",
    "TP06": "Satisfied that the landlord listens to views and acts upon them",
    "TP07": "Satisfied that the landlord keeps them informed about things that matter",
    "TP08": "Agree that the landlord treats them fairly and with respect",
    "TP09": "Satisfied with the approach to complaints handling",
    "TP10": "Satisfied that communal areas are kept clean and well maintained",
    "TP11": "Satisfied that the landlord makes a positive contribution to the neighbourhood",
    "TP12": "Satisfied with the approach to handling anti-social behaviour",
    "BS01": "Homes with all required gas safety checks",
    "BS02": "Homes with all required fire risk assessments",
    "BS03": "Homes with all required asbestos management surveys or re-inspections",
    "BS04": "Homes with all required legionella risk assessments",
    "BS05": "Homes with all required communal passenger lift safety checks",
    "RP01": "Homes that do not meet the Decent Homes Standard",
    "RP02-1": "Non-emergency repairs completed within target",
    "RP02-2": "Emergency repairs completed within target",
    "CH01-1": "Stage 1 complaints received per 1,000 homes",
    "CH01-2": "Stage 2 complaints received per 1,000 homes",
    "CH02-1": "Stage 1 complaints responded to within the Complaint Handling Code timescales",
    "CH02-2": "Stage 2 complaints responded to within the Complaint Handling Code timescales",
    "NM01-1": "Anti-social behaviour cases opened per 1,000 homes",
    "NM01-2": "Anti-social behaviour cases involving hate incidents opened per 1,000 homes",
}

TENURE_NAMES = {
    "LCRA": "Low cost rental (LCRA)",
    "LCHO": "Low cost home ownership (LCHO)",
    "combined": "LCRA and LCHO together",
}
