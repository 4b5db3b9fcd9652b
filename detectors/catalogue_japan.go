package detectors

// Japanese identifiers (not Macie managed identifiers). Keywords are
// Japanese (UTF-8; distances count characters, so a keyword of six kana is
// six characters, not eighteen bytes) with a few English ones; digits may
// be full-width (０-９) and hyphens full-width or the long vowel mark
// (－, ー), as Japanese forms write them. Every one needs a keyword: twelve
// or thirteen digits with a mod-11 or mod-9 check digit are common in any
// data (one random number in eleven or nine passes), and 13-digit
// millisecond timestamps are everywhere.

func japanRows() []Spec {
	return []Spec{
		kwShapeRow("JAPAN_BANK_ACCOUNT_NUMBER", CategoryFinancial, "Japanese bank account number",
			[]string{"口座番号", "預金口座", "普通預金", "当座預金", "普通口座", "口座", "bank account number japan", "koza"},
			&Shape{Patterns: []string{"9999999"}}, "",
			texts("口座番号: «1234567»", "普通預金 «７６５４３２１»"),
			texts("1234567", "口座番号 123456", "口座番号 12345678")),
		kwShapeRow("JAPAN_CORPORATE_NUMBER", CategoryPersonal, "Japanese corporate number (法人番号)",
			[]string{"法人番号", "corporate number", "会社法人等番号", "houjin bangou"},
			&Shape{Patterns: []string{"9999999999999", "9-9999-9999-9999", "9 9999 9999 9999"}, Valid: checkJapanCorporateNumber}, "mod9",
			texts("法人番号: «1101109012345» で登録済み。", "法人番号：«１７７０１０１２３４５６７»", "corporate number «1-1011-0901-2345»"),
			texts("1101109012345", "法人番号 2101109012345", "法人番号 110110901234")),
		kwShapeRow("JAPAN_DRIVERS_LICENSE_NUMBER", CategoryPersonal, "Japanese driver's licence number",
			[]string{"運転免許証", "運転免許証番号", "免許証番号", "運転免許", "免許番号", "japanese driver's license"},
			&Shape{Patterns: []string{"999999999999", "9999-9999-9999"}}, "",
			texts("運転免許証番号: «123456789012»", "免許証番号 «１２３４５６７８９０１２»"),
			texts("123456789012", "運転免許証 12345678901")),
		kwShapeRow("JAPAN_INDIVIDUAL_NUMBER", CategoryPersonal, "Japanese individual number (マイナンバー)",
			[]string{"マイナンバー", "個人番号", "マイナンバーカード", "my number", "individual number", "mynumber"},
			&Shape{Patterns: []string{"999999999999", "9999 9999 9999", "9999-9999-9999"}, Valid: checkJapanMyNumber}, "mod11",
			texts("マイナンバー: «123456789018» を確認しました。", "個人番号：«４８２０－１９３７－４６０７»", "my number «4820 1937 4607»", "マイナンバー «1234ー5678ー9018» (本人確認済み)"),
			texts("123456789018", "マイナンバー 123456789017", "マイナンバー 12345678901")),
		kwShapeRow("JAPAN_PASSPORT_NUMBER", CategoryPersonal, "Japanese passport number",
			[]string{"旅券番号", "パスポート番号", "パスポート", "旅券", "japanese passport"},
			&Shape{Patterns: []string{"AA9999999"}}, "",
			texts("旅券番号: «TK1234567»", "パスポート番号 «MZ7654321»"),
			texts("TK1234567", "旅券番号 TK123456")),
		offByDefault(kwShapeRow("JAPAN_PHONE_NUMBER", CategoryPersonal, "Japanese phone number",
			[]string{"電話番号", "電話", "携帯", "携帯電話", "携帯番号", "連絡先", "ＴＥＬ", "japan phone"},
			&Shape{Patterns: []string{
				"099-9999-9999", "09-9999-9999", "099-999-9999", "0999-99-9999", "09999-9-9999",
				"+81 99-9999-9999", "+81 9-9999-9999", "+81 99 9999 9999", "+81-99-9999-9999", "09999999999", "0999999999",
			}}, "",
			texts("電話番号: «03-1234-5678»", "携帯 «090-1234-5678»", "連絡先 «０９０－１２３４－５６７８»"),
			texts("03-1234-5678", "電話番号 3-1234-5678"))),
	}
}
