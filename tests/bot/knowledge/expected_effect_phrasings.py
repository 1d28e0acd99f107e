"""How patients ask "is this normal?" about each expected effect, after which procedure.

Written for these tests (own words, several voices); each must name its effect, be answered for
its procedure, and never trip a red-flag rule."""

CASES: dict[str, list[tuple[str, str]]] = {
    "needle_site_soreness": [
        (
            "epidural_steroid_injection",
            "my back is sore where they put the needle in, is that normal?",
        ),
        (
            "epidural_steroid_injection",
            "is it normal to have a bruise at the injection site after my epidural",
        ),
        ("nerve_block", "the shot spot is tender after the nerve block, normal?"),
        (
            "radiofrequency_ablation",
            "my neck is achy where the needles went in after the RFA, is this ok",
        ),
        ("genicular_rfa", "my knee is sore and bruised after the knee ablation is that normal"),
        ("caudal_esi", "sore spot near my tailbone after the caudal, normal??"),
    ],
    "pain_flare": [
        ("epidural_steroid_injection", "my pain flared up after the epidural, is that normal?"),
        (
            "epidural_steroid_injection",
            "is it normal for the pain to be worse for a couple days after the epidural",
        ),
        ("transforaminal_esi", "more pain in my leg the day after my TFESI, normal or not"),
        ("radiofrequency_ablation", "is it normal to hurt more after rfa"),
        ("nerve_block", "my pain is flaring after the nerve block is this expected"),
    ],
    "flushed_face": [
        (
            "epidural_steroid_injection",
            "my face is red and hot after the steroid shot, is that normal?",
        ),
        ("epidural_steroid_injection", "is flushing normal after an epidural"),
        (
            "interlaminar_esi",
            "my cheeks are all red since the interlaminar injection is this normal",
        ),
        ("epidural_steroid_injection", "face flushed and warm after my esi yesterday normal?"),
    ],
    "steroid_sleep_mood": [
        ("epidural_steroid_injection", "i cant sleep since the epidural, is that normal"),
        ("epidural_steroid_injection", "is it normal to feel jittery after the steroid shot"),
        (
            "epidural_steroid_injection",
            "I've been up all night after my cortisone shot in my back, normal?",
        ),
        ("nerve_block", "feeling wired and moody after the nerve block is that a thing"),
    ],
    "steroid_blood_sugar": [
        (
            "epidural_steroid_injection",
            "my blood sugar went up after the epidural, is that normal?",
        ),
        (
            "epidural_steroid_injection",
            "is it normal for my sugar to be high after a steroid shot in my back",
        ),
        ("nerve_block", "my glucose is higher since the nerve block, normal?"),
    ],
    "warm_leg": [
        (
            "lumbar_sympathetic_block",
            "my foot is warm after the lumbar sympathetic block, is that normal?",
        ),
        (
            "lumbar_sympathetic_block",
            "is it normal that my leg feels hot after the sympathetic block",
        ),
        ("lumbar_sympathetic_block", "my toes are warm and pink after the LSB normal?"),
    ],
    "numb_heavy_limb": [
        (
            "lumbar_sympathetic_block",
            "my leg feels heavy after the lumbar sympathetic block, is that normal?",
        ),
        (
            "lumbar_sympathetic_block",
            "my leg is numb after the lumbar sympathetic block, is that normal?",
        ),
        (
            "lumbar_sympathetic_block",
            "is it normal that my leg is numb after the lumbar sympathetic block",
        ),
        (
            "lumbar_sympathetic_block",
            "is it normal for my leg to feel heavy and numb for a few hours after the LSB",
        ),
        (
            "lumbar_sympathetic_block",
            "leg feels heavy and kinda numb after my sympathetic block is that normal",
        ),
    ],
    "numbing_wears_off": [
        (
            "epidural_steroid_injection",
            "the numbing wore off and my pain came back, is that normal?",
        ),
        (
            "medial_branch_block",
            "my pain came back after the medial branch block wore off, normal?",
        ),
        (
            "radiofrequency_ablation",
            "is it normal for the pain to come back after the numbing wears off after rfa",
        ),
        ("nerve_block", "the block wore off after a few hours is that normal"),
    ],
    "block_diary": [
        (
            "medial_branch_block",
            "what do I write in my pain diary in the hours after the medial branch block",
        ),
        (
            "medial_branch_block",
            "is it normal that my pain score is 2 in the hours after the test block",
        ),
    ],
    "stellate_eye_face": [
        (
            "stellate_ganglion_block",
            "my eyelid is droopy after the stellate ganglion block, is that normal?",
        ),
        ("stellate_ganglion_block", "is it normal to have a small pupil and red eye after the SGB"),
        ("stellate_ganglion_block", "stuffy nose after stellate block, is that normal"),
        ("stellate_ganglion_block", "my arm feels warm after the stellate block, normal?"),
    ],
    "stellate_throat_voice": [
        ("stellate_ganglion_block", "my voice is hoarse after the stellate block, is that normal?"),
        (
            "stellate_ganglion_block",
            "is it normal to feel a lump in my throat after the stellate ganglion block",
        ),
        ("stellate_ganglion_block", "it's a bit hard to swallow after the neck block, normal?"),
    ],
    "sunburn_feeling": [
        ("radiofrequency_ablation", "it feels like a sunburn after the RFA, is that normal?"),
        ("radiofrequency_ablation", "burning feeling in my back after the ablation is that normal"),
        ("genicular_rfa", "my knee skin feels burny after the knee ablation normal?"),
    ],
    "incision_soreness": [
        ("scs_implant", "my battery site is sore after the stimulator implant, is that normal?"),
        ("scs_implant", "is it normal for the incision to be tender a week after the implant"),
        ("scs_trial", "the spot where the wires go in is sore during the trial, normal?"),
    ],
}
