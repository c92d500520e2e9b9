"""The claim_patterns component: claim candidates with their source mentions, on sentences
written for the tests (each test names the pattern it covers)."""

from tests.helpers import component, doc_before


def candidates(text):
    return component("claims")(doc_before(text, "claims")).candidates


def claims(text):
    """``(kind, cue, mention, content)`` of each candidate, as text."""
    return [(c.kind, text[c.cue.start:c.cue.end] if c.cue else None,
             text[c.mention.start:c.mention.end] if c.mention else None, text[c.start:c.end])
            for c in candidates(text)]


def test_verb_first_with_complementizer_and_adjuncts():
    out = claims("قال وزير الخارجية العراقي، الخميس، في بيان إن الحكومة ترفض أي تدخل في شؤونها.")
    assert out == [("indirect", "قال", "وزير الخارجية العراقي", "الحكومة ترفض أي تدخل في شؤونها")]


def test_complementizer_with_pronoun_suffix():
    out = claims("وأعلنت الوزارة أنها أغلقت المعبر الحدودي أمام الشاحنات.")
    assert out[0][3] == "أغلقت المعبر الحدودي أمام الشاحنات"


def test_direct_quote_after_colon():
    out = claims('وقال النائب المستقل: "لن نصوت على الموازنة بشكلها الحالي".')
    assert out == [("direct", "وقال", "النائب المستقل", "لن نصوت على الموازنة بشكلها الحالي")]


def test_continuation_participle_gets_its_own_claim():
    out = claims("وأكد المحافظ أن المشروع سيكتمل قريباً، مضيفاً أن التمويل متوفر بالكامل.")
    assert [c[1] for c in out] == ["وأكد", "مضيفاً"]
    assert out[1][2] is None and out[1][3] == "التمويل متوفر بالكامل"


def test_mixed_claim_holds_a_quoted_phrase():
    out = claims('واعتبر الباحث أن الاتفاق يمثل "خطوة ناقصة" لا تعالج جذور الأزمة.')
    assert out[0][0] == "mixed"


def test_quoted_name_does_not_make_mixed():
    out = claims("وقال المسؤول إن عناصر «داعش» فروا من القرية.")
    assert out[0][0] == "indirect"


def test_journalist_tail_is_left_out():
    out = claims("وقال مصدر أمني إن الانفجار وقع قرب السوق، وذلك بعد ساعات من تحذيرات سابقة.")
    assert out[0][3] == "الانفجار وقع قرب السوق"


def test_postposed_attribution():
    out = claims("وارتفع عدد المصابين إلى عشرين شخصاً، بحسب مصادر طبية.")
    assert out == [("indirect", "بحسب", "مصادر طبية", "وارتفع عدد المصابين إلى عشرين شخصاً")]


def test_trailing_outlet_attribution_of_a_claim_is_not_a_second_claim():
    out = claims("وقال مسؤول محلي إن الطريق أغلق بالكامل، وفقاً لوكالة الأنباء.")
    assert len(out) == 1 and out[0][3] == "الطريق أغلق بالكامل"


def test_speaker_colon_headline():
    out = claims("وزير النفط: الصادرات سترتفع الشهر المقبل\nوفي تفاصيل الخبر")
    assert out[0] == ("direct", None, "وزير النفط", "الصادرات سترتفع الشهر المقبل")


def test_name_colon_post_gives_one_claim_per_line():
    text = "المكتب الإعلامي للحركة:\nنرفض أي وجود عسكري أجنبي على أرضنا.\nوسنواصل العمل السياسي بكل الوسائل المتاحة.\nالمكتب الإعلامي"
    out = claims(text)
    assert [c[3] for c in out] == ["نرفض أي وجود عسكري أجنبي على أرضنا", "وسنواصل العمل السياسي بكل الوسائل المتاحة"]
    assert all(c[0] == "direct" and c[2] == "المكتب الإعلامي للحركة" for c in out)


def test_subject_first_headline():
    out = claims("رئيس البرلمان يدعو إلى جلسة طارئة لمناقشة الأزمة")
    assert out[0][2] == "رئيس البرلمان" and out[0][3].startswith("إلى جلسة طارئة")


def test_verb_without_complementizer_takes_its_object():
    out = claims("وأعلنت حركة الشباب الوطني عن تأسيس مكتب جديد في البصرة، في خطوة مفاجئة.")
    assert out[0][2] == "حركة الشباب الوطني" and out[0][3] == "عن تأسيس مكتب جديد في البصرة"


def test_quotation_over_several_sentences_is_one_claim():
    out = claims('وقال المتحدث: "سنعقد اجتماعاً غداً. وسنعلن النتائج فوراً. ولا تأجيل".')
    assert len(out) == 1 and out[0][3].endswith("ولا تأجيل")


def test_unclosed_quote_does_not_crash_and_stays_in_paragraph():
    out = claims('وقال النائب: "لن نقبل بهذا القرار أبداً\nوفي سياق آخر قالت الوزارة إن الطقس معتدل.')
    assert all("\n" not in c[3] for c in out)
    assert any(c[1] == "قالت" for c in out)


def test_nested_reported_speech_stays_in_outer_claim():
    out = claims("وقال مصدر مطلع إن الوزير أكد أن الخطة جاهزة.")
    assert len(out) == 1 and out[0][3] == "الوزير أكد أن الخطة جاهزة"


def test_copular_use_of_a_cue_verb_is_not_a_claim():
    assert claims("وتعتبر هذه المنطقة مركزاً تجارياً مهماً.") == []


def test_name_colon_first_line_post_continues_on_following_lines():
    text = "🔴\nالمكتب السياسي للحركة: لن نشارك في الحكومة المقبلة.\nونطالب بانتخابات مبكرة في أقرب وقت ممكن."
    out = claims(text)
    assert [c[3] for c in out] == ["لن نشارك في الحكومة المقبلة", "ونطالب بانتخابات مبكرة في أقرب وقت ممكن"]
    assert all(c[2] == "المكتب السياسي للحركة" for c in out)


def test_colon_on_its_own_line_after_the_name():
    out = claims("الإعلام المحلي\n:\nتوقفت حركة الملاحة في الميناء بسبب العاصفة.")
    assert out and out[0][2] == "الإعلام المحلي" and out[0][0] == "direct"


def test_fully_vocalised_verse_is_not_a_claim():
    text = "الهيئة العامة للحركة:\nإِنَّ اللَّهَ مَعَ الصَّابِرِينَ وَالْمُتَّقِينَ\nنؤكد أن موقفنا ثابت ولن يتغير أبداً."
    out = claims(text)
    assert [c[3] for c in out] == ["نؤكد أن موقفنا ثابت ولن يتغير أبداً"]


def test_the_name_ali_is_not_the_preposition_ala():
    out = claims("طالب علي حسن الربيعي الحكومة باتخاذ إجراءات عاجلة.")
    assert out[0][2] == "علي حسن الربيعي"
    out = claims("وشدد على أن الحوار هو الطريق الوحيد.")
    assert out[0][2] is None and out[0][3] == "الحوار هو الطريق الوحيد"


def test_apposition_in_commas_belongs_to_the_mention():
    out = claims("وقال سامر النعيمي، وهو باحث في الشؤون الأمنية، في حديث للصحيفة، إن الخطر ما زال قائماً.")
    assert out[0][2] == "سامر النعيمي، وهو باحث في الشؤون الأمنية" and out[0][3] == "الخطر ما زال قائماً"


def test_every_candidate_names_its_pattern():
    text = ("وقال الوزير إن الاتفاق قريب، مضيفاً أن التوقيع الأسبوع المقبل. "
            "وارتفع عدد المصابين إلى عشرين شخصاً، بحسب مصادر طبية.")
    assert [c.pattern for c in candidates(text)] == ["verb-first", "continuation", "postposed"]
    assert candidates("رئيس البرلمان يدعو إلى جلسة طارئة لمناقشة الأزمة")[0].pattern == "subject-first"


def test_candidate_offsets_map_to_the_normalised_view():
    text = "وقالَ الوزيرُ إنّ القواتِ باقيةٌ."
    doc = component("claims")(doc_before(text, "claims"))
    [c] = doc.candidates
    assert text[c.start:c.end] == "القواتِ باقيةٌ"
    assert doc.norm.text[c.norm_start:c.norm_end] == "القوات باقيه"


# -- issue 10 patterns: sentences written for these tests -------------------------------------
def test_pattern_function_words_never_head_a_mention():
    """A particle, adverb or pronoun after the cue is no source: the subject is implied."""
    out = claims("وقال الوزير إن الخطة جاهزة. وأكد أيضاً أن التمويل متوفر.")
    assert out[1][2] is None and out[1][3] == "التمويل متوفر"
    out = claims("وكان قد هدد سابقاً بالانسحاب من الحكومة.")
    assert all(c[2] != "سابقاً" for c in out)


def test_pattern_subject_clause_opened_by_a_particle_is_no_subject():
    out = claims("وصل الوفد إلى المطار، فيما قالت الوزارة إن المحادثات ستبدأ غداً.")
    assert out[-1][2] == "الوزارة"


def test_pattern_title_chain_with_a_construct_genitive():
    out = claims("وصف رئيس حزب التجديد سامر الخطيب النتائج بأنها مخيبة.")
    assert out[0][2].startswith("رئيس حزب التجديد")


def test_pattern_quoted_outlet_name_stays_in_the_mention():
    out = claims('وذكرت صحيفة "الأفق" المحلية أن الوزير قدم استقالته.')
    assert out[0][2] == 'صحيفة "الأفق" المحلية' and out[0][3] == "الوزير قدم استقالته"


def test_pattern_the_outlet_spoken_to_is_not_the_speaker():
    out = claims("وقال الخبير الأمني أحمد سالم لوكالة الأنباء المحلية إن الوضع مستقر.")
    assert out[0][2] == "الخبير الأمني أحمد سالم"
    out = claims("وقالت النائبة هدى سامي للصحفيين إن الجلسة تأجلت.")
    assert out[0][2] == "النائبة هدى سامي"


def test_pattern_dateline_is_not_a_subject():
    out = claims("البصرة - أعلنت مديرية الكهرباء أن التيار سيعود مساء اليوم.")
    assert out[0][2] == "مديرية الكهرباء" and out[0][3] == "التيار سيعود مساء اليوم"


def test_pattern_addressee_of_a_call_is_not_the_speaker():
    """دعا X إلى …: X is addressed; the speaker is the implied subject."""
    out = claims("وقال المحافظ إن الأمطار غزيرة. ودعا المواطنين إلى البقاء في منازلهم.")
    assert out[1][2] is None and out[1][3].startswith("إلى البقاء")


def test_pattern_object_before_the_complementiser_is_not_the_subject():
    out = claims("واتهمت الوزارة التاجر المعروف بأنه خزن المواد الغذائية.")
    assert out[0][2] == "الوزارة"


def test_pattern_pluperfect_subject_with_an_adjunct_before_the_complementiser():
    out = claims("وكانت هيئة النقل أعلنت مساء الخميس أنها ستغلق الطريق.")
    assert out[0][2] == "هيئة النقل" and out[0][3] == "ستغلق الطريق"


def test_pattern_warning_of_something_is_content():
    out = claims("وحذر النائب سعد الحلي من أن الأزمة ستتفاقم.")
    assert out[0][2] == "النائب سعد الحلي"


def test_pattern_pluperfect_kana_subject_qad_verb():
    out = claims("وكانت صحيفة الأفق قد ذكرت، الخميس، أن المفاوضات توقفت.")
    assert out[0][2] == "صحيفة الأفق" and out[0][3] == "المفاوضات توقفت"


def test_pattern_coordinating_particle_before_a_subject():
    out = claims("ويرى الباحث أن الأزمة ستطول. لكن سلمى تقول إن الحل قريب.")
    assert out[1][2] == "سلمى"


def test_pattern_participle_after_a_verb_takes_the_verb_subject():
    """فرضت X عقوبات …، قائلةً إن …: the participle's source is the opening verb's subject."""
    out = claims("فرضت الحكومة قيوداً جديدة على الاستيراد، قائلة إن الأسعار ارتفعت كثيراً.")
    assert out[0][1] == "قائلة" and out[0][2] == "الحكومة"
    out = claims("وصل الوفد إلى العاصمة، مؤكداً أن الزيارة ناجحة.")
    assert out[0][2] == "الوفد"
    out = claims("وصلت الوفود إلى العاصمة، مؤكداً أن الزيارة ناجحة.")  # no agreement: no subject taken
    assert out[0][2] is None


def test_pattern_further_continuation_verbs_of_the_same_speaker():
    # أردف / استطرد / زاد ("went on", "added") continue the previous speaker; زاد also means
    # "increased", so it needs a colon, a quotation or a complementiser after it.
    out = claims('قال الوزير إن الخطة جاهزة. وأردف أن التنفيذ يبدأ الشهر المقبل. '
                 'وزاد: "لن نتراجع عن القرار". وزاد الإنتاج بنسبة كبيرة هذا العام.')
    assert [c[1] for c in out] == ["قال", "وأردف", "وزاد"]
    assert out[2][3] == "لن نتراجع عن القرار"


def test_pattern_place_inside_a_title_chain_before_the_name():
    # المقيم في X / في الوزارة: a place or body inside the title when a personal name ends it.
    out = claims("وقال الخبير الاقتصادي المقيم في لندن سمير خليل إن الأسعار سترتفع.")
    assert out[0][2] == "الخبير الاقتصادي المقيم في لندن سمير خليل"
    out = claims("وقال الوزير في مؤتمر صحفي مع نظيره محمد علي إن الحدود آمنة.")
    assert out[0][2] == "الوزير"  # an adjunct, then someone else: not in the mention


def test_pattern_name_in_commas_after_a_title_chain():
    out = claims("أعلنت عضو لجنة النقل النيابية، سوزان حميد، تقديم مشروع قانون جديد.")
    assert out[0][2] == "عضو لجنة النقل النيابية، سوزان حميد"
    out = claims("وأكد الكاتب المعارض، الدكتور باسم يوسف، أن الأزمة ستطول.")
    assert out[0][2] == "الكاتب المعارض، الدكتور باسم يوسف"


def test_pattern_titled_writer_of_an_outlet():
    # الكاتب بصحيفة "X": ب + an organisation head after a title stays in the mention.
    out = claims('وقال الباحث بمركز "دراسات الخليج" إن التوتر يتصاعد.')
    assert out[0][2] == 'الباحث بمركز "دراسات الخليج"'


def test_pattern_committee_is_a_noun_not_a_preposition():
    # لجنة begins with ل but is an organisation head, not ل + a noun.
    out = claims("وأعلن رئيس لجنة الأمن تأجيل الجلسة المقبلة.")
    assert out[0][2] == "رئيس لجنة الأمن"


def test_pattern_topic_of_amma_is_the_subject():
    # أما X فـ…: the topic of أما is the source of the verb after فـ, and of a later participle.
    out = claims("وأما الخبير النفطي سامي يوسف، فقد لفت إلى أن الإنتاج سينخفض.")
    assert out[0][2] == "الخبير النفطي سامي يوسف" and out[0][3] == "الإنتاج سينخفض"
    assert candidates("أما النائب فيرى أن الجلسة تأجلت.")[0].pattern == "subject-first"
    out = claims("أما الوزارة فتنتظر نتائج التحقيق، معتبرةً أن التمويل غير كاف.")
    assert out[-1][1] == "معتبرةً" and out[-1][2] == "الوزارة"


def test_pattern_body_a_title_belongs_to_after_lam():
    # عضو المكتب السياسي لحركة …: ل + an organisation head continues the title chain.
    out = claims("وقال عضو المكتب السياسي لحركة النهضة إن الحوار متوقف.")
    assert out[0][2] == "عضو المكتب السياسي لحركة النهضة"
    out = claims("وقال الوزير لقناة الحرة إن الحوار متوقف.")
    assert out[0][2] == "الوزير"  # the outlet spoken to stays out


def test_pattern_short_quoted_name_right_after_the_cue():
    # قالت "X" إن …: a short quotation followed by a complementiser or a comma names the source.
    out = claims('وقالت "حركة الأوفياء" إن الهجوم فشل.')
    assert out == [("indirect", "وقالت", '"حركة الأوفياء"', "الهجوم فشل")]
    out = claims('وقال "لن نتراجع عن القرار".')
    assert out[0][2] is None and out[0][3] == "لن نتراجع عن القرار"


def test_pattern_statement_under_a_header_with_a_verb():
    # X يصدر بياناً …: — the header's subject is the source of every following line.
    text = ("🇮🇶\nهيئة الموانئ العراقية تصدر بياناً بشأن حركة السفن:\n"
            "نؤكد أن الموانئ تعمل بطاقتها الكاملة منذ الصباح.\n"
            "وندعو الشركات إلى مراجعة مواعيد الشحن الجديدة.\n"
            "المكتب الإعلامي\n")
    out = candidates(text)
    assert [c.pattern for c in out] == ["post", "post"]
    assert {text[c.mention.start:c.mention.end] for c in out} == {"هيئة الموانئ العراقية"}


def test_pattern_points_listed_under_a_header():
    # X يكشف عن تفاصيل …، followed by points: each point is a claim, without its bullet.
    text = ("سامي يوسف، المفاوض الرئيسي، يكشف عن تفاصيل الاتفاق التجاري\n"
            "- تخفض الرسوم الجمركية على السلع الزراعية بنسبة كبيرة\n"
            "- تفتح المعابر أمام الشاحنات طوال أيام الأسبوع\n")
    out = claims(text)
    assert [c[3] for c in out if c[1] is None] == ["تخفض الرسوم الجمركية على السلع الزراعية بنسبة كبيرة",
                                                 "تفتح المعابر أمام الشاحنات طوال أيام الأسبوع"]
    assert {c[2] for c in out if c[1] is None} == {"سامي يوسف، المفاوض الرئيسي"}


def test_pattern_points_of_a_statement_noun_belong_to_its_owner():
    text = ("خمس نقاط لرئيس البرلمان بشأن الموازنة\n"
            "1. لا تمرير للموازنة قبل حسم رواتب الموظفين\n"
            "2. على الحكومة تقديم الحسابات الختامية كاملة\n")
    out = claims(text)
    assert len(out) == 2 and {c[2] for c in out} == {"رئيس البرلمان"}


def test_pattern_document_published_by_a_channel_is_the_source():
    # X تنشر نص مسودة …: the channel publishes; the document's points are the document's.
    text = ("وكالة الأنباء تنشر نص مسودة الاتفاق الأمني:\n"
            "تلتزم الأطراف بوقف العمليات العسكرية فوراً.\n"
            "تنسحب القوات من المناطق الحدودية خلال شهر.\n")
    out = claims(text)
    assert len(out) == 2 and {c[2] for c in out} == {"مسودة الاتفاق الأمني"}


def test_pattern_credits_and_bylines_are_no_speakers():
    assert claims("تحرير: سامي يوسف ومراجعة فريق الأخبار المسائية") == []
    assert claims("سلمى خليل تكتب: من يكتب روايتنا حين يصمت الجميع؟") == []


def test_pattern_dateline_dash_without_a_space_before_it():
    out = claims("شبكة الأخبار- أكد النائب سامي يوسف أن الجلسة تأجلت.")
    assert out[0][2] == "النائب سامي يوسف"


def test_pattern_implied_subject_continues_the_previous_narration_sentence():
    # استقبل الوزير … . وأكد أن …: the subject of the narration verb just before speaks on.
    text = "قال المتحدث إن الوفد وصل. استقبل الوزير سامي يوسف السفير أمس. وأكد أن العلاقات متينة."
    out = claims(text)
    assert out[1][2] == "الوزير سامي يوسف" and out[1][3] == "العلاقات متينة"
    text = "قال المتحدث إن الوفد وصل. استقبلت الوزيرة السفير أمس. وأكد أن العلاقات متينة."
    assert claims(text)[1][2] is None  # the verbs disagree in gender: left to the speakers stage


def test_pattern_clause_opener_starts_a_new_claim():
    # …، لكنه أشار إلى أن … / …، إذ يرى أن …: the same speaker's next claim; …، إلا أن X أفادت
    # بأن …: another speaker's. The first claim stops before the opener.
    out = claims("قال الوزير إن الخيارات غير واضحة، لكنه أشار إلى أن الحوار سيستمر.")
    assert [c[3] for c in out] == ["الخيارات غير واضحة", "الحوار سيستمر"]
    out = claims("أكد المسؤول أن الدفاعات اعترضت صاروخاً، إلا أن الوكالة أفادت بأن الشظايا أصابت القاعدة.")
    assert [(c[2], c[3]) for c in out] == [("المسؤول", "الدفاعات اعترضت صاروخاً"), ("الوكالة", "الشظايا أصابت القاعدة")]


def test_pattern_adverb_before_the_object_is_not_content():
    out = claims("أعلن الجيش مؤخراً مقتل ثلاثة من المسلحين في الهجوم.")
    assert out == [("indirect", "أعلن", "الجيش", "مقتل ثلاثة من المسلحين في الهجوم")]


def test_pattern_long_apposition_before_the_complementiser():
    # A name, a long title in commas and a setting: the complementiser is still within reach.
    text = ("وقال سامي يوسف، القائم بأعمال الأمين العام لاتحاد المستثمرين العرب الذي تأسس قبل أيام، "
            "في تصريحات خاصة لوكالة الأنباء، إن الاتحاد سيرعى أنشطة الاستثمار.")
    out = claims(text)
    assert out[0][3] == "الاتحاد سيرعى أنشطة الاستثمار"


def test_pattern_long_time_adjunct_before_the_object():
    out = claims("أكد مصدر عسكري اليوم الأحد 19 مارس 2017، مقتل ستة من قادة التنظيم.")
    assert out[0][3] == "مقتل ستة من قادة التنظيم"


def test_pattern_verbal_noun_object_is_no_subject():
    # نفى ارتكاب …، أكد استمرار …: an indefinite verbal noun after the cue opens its object; the
    # subject is implied (here the narration subject of the sentence before).
    out = claims("قال المتحدث إن الوفد وصل. واجه الوزير سامي يوسف أسئلة النواب. ونفى ارتكاب أي مخالفة في العقود.")
    assert out[1][2] == "الوزير سامي يوسف" and out[1][3] == "ارتكاب أي مخالفة في العقود"
    out = claims("وأكد استمرار الحوار بين الطرفين.")
    assert all(c[2] is None for c in out)


def test_pattern_adverb_or_preposition_with_a_pronoun_after_the_cue_is_no_subject():
    # ويشير خصوصاً إلى …، يربط بينهما …: an adverb or a preposition carrying a pronoun is no source.
    assert all(c[2] is None for c in claims("ويشير خصوصاً إلى أن الطرق مغلقة منذ أسابيع."))
    assert all(c[2] != "بينهما" for c in claims("ويرى بينهما أن الخلاف عميق."))


def test_pattern_conjunction_opening_the_main_clause_is_not_its_verb():
    # فيما تحدث X عن …، قائلاً …: the participle's subject is X, not the words after فيما.
    out = claims("فيما تحدث الباحث سامي يوسف عن المشكلات، قائلا إن الحلول ممكنة.")
    assert out[-1][2] != "تحدث الباحث" and (out[-1][2] is None or out[-1][2].startswith("الباحث"))


def test_pattern_pronoun_before_the_cue_or_a_verb_opening_the_clause_is_no_subject():
    # واعترف بـ… لكنه قال إن …: the clause opens with a verb and لكنه carries the subject, so the
    # words before قال are no subject-first source.
    out = claims("واعترف بتأخر المشروع لكنه قال إن العمل سيكتمل قريباً.")
    assert out and all(c[2] is None for c in out)


def test_pattern_verbal_noun_object_before_a_complementiser_is_no_source():
    # ونفى صحة هذه الأنباء؛ فقد أكد … أنه …: the verbal noun opens the object and a semicolon
    # ends the clause, so no words before أنه are a source mention.
    out = claims("ونفى صحة هذه الأنباء؛ فقد أكد في حديث للصحفيين أنه لم يغادر المدينة.")
    assert out and all(c[2] is None or "؛" not in c[2] and "الأنباء" not in c[2] for c in out)
