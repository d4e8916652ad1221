-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- 16 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `unit_price` AS `cx_c0_v`,
      `quantity` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `discount` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `delivered_at` AS `cx_c5_v`,
      `promo_code` AS `cx_c6_v`,
      `note` AS `cx_c7_v`,
      `rating` AS `cx_c8_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `unit_price`,
      CAST(`cx_c1_v` AS FLOAT64) AS `quantity`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `discount`,
      CAST(`cx_c4_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c5_v` AS TIMESTAMP) AS `delivered_at`,
      CAST(`cx_c6_v` AS STRING) AS `promo_code`,
      CAST(`cx_c7_v` AS STRING) AS `note`,
      CAST(`cx_c8_v` AS FLOAT64) AS `rating`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  )
SELECT
  cx_c0,
  cx_c1,
  cx_c2,
  cx_c3,
  cx_c4,
  cx_c5,
  cx_c6,
  cx_c7,
  cx_c8,
  CASE WHEN ARRAY_LENGTH(cx_c9) > 0 THEN cx_c9[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c9) - 1)) AS INT64))] + (cx_c9[OFFSET(CAST(CEIL(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c9) - 1)) AS INT64))] - cx_c9[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c9) - 1)) AS INT64))]) * (CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c9) - 1) - FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c9) - 1))) END AS cx_c9,
  cx_c10,
  cx_c11,
  cx_c12,
  cx_c13,
  cx_c14,
  cx_c15,
  cx_c16,
  cx_c17,
  cx_c18,
  cx_c19,
  cx_c20,
  cx_c21,
  cx_c22,
  cx_c23,
  cx_c24,
  cx_c25,
  cx_c26,
  cx_c27,
  cx_c28
FROM (
  SELECT
    COUNT(*) AS cx_c0,
    COUNT((`quantity` * `unit_price`)) AS cx_c1,
    SUM((`quantity` * `unit_price`)) AS cx_c2,
    VAR_POP((`quantity` * `unit_price`)) * COUNT((`quantity` * `unit_price`)) AS cx_c3,
    COUNT(CASE WHEN (`channel` = 'web') THEN 1 END) AS cx_c4,
    COUNT(CASE WHEN (`channel` = 'web') THEN ((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 60000) END) AS cx_c5,
    SUM(CASE WHEN (`channel` = 'web') THEN ((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 60000) END) AS cx_c6,
    VAR_POP(CASE WHEN (`channel` = 'web') THEN ((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 60000) END) * COUNT(CASE WHEN (`channel` = 'web') THEN ((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 60000) END) AS cx_c7,
    COUNT((`quantity` * `unit_price`)) AS cx_c8,
    ARRAY_AGG((`quantity` * `unit_price`) IGNORE NULLS ORDER BY (`quantity` * `unit_price`)) AS cx_c9,
    COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c10,
    COUNT(CASE WHEN STARTS_WITH(translate(COALESCE(`promo_code`, ''), 'abcdefghijklmnopqrstuvwxyzµàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžſƀƃƅƈƌƒƕƙƚƛƞơƣƥƨƭưƴƶƹƽƿǅǆǈǉǋǌǎǐǒǔǖǘǚǜǝǟǡǣǥǧǩǫǭǯǲǳǵǹǻǽǿȁȃȅȇȉȋȍȏȑȓȕȗșțȝȟȣȥȧȩȫȭȯȱȳȼȿɀɂɇɉɋɍɏɐɑɒɓɔɖɗəɛɜɠɡɣɤɥɦɨɩɪɫɬɯɱɲɵɽʀʂʃʇʈʉʊʋʌʒʝʞͅͱͳͷͻͼͽάέήίαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώϐϑϕϖϗϙϛϝϟϡϣϥϧϩϫϭϯϰϱϲϳϵϸϻабвгдежзийклмнопрстуфхцчшщъыьэюяѐёђѓєѕіїјљњћќѝўџѡѣѥѧѩѫѭѯѱѳѵѷѹѻѽѿҁҋҍҏґғҕҗҙқҝҟҡңҥҧҩҫҭүұҳҵҷҹһҽҿӂӄӆӈӊӌӎӏӑӓӕӗәӛӝӟӡӣӥӧөӫӭӯӱӳӵӷӹӻӽӿԁԃԅԇԉԋԍԏԑԓԕԗԙԛԝԟԡԣԥԧԩԫԭԯաբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆაბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰჱჲჳჴჵჶჷჸჹჺჽჾჿᏸᏹᏺᏻᏼᏽᲀᲁᲂᲃᲄᲅᲆᲇᲈᲊᵹᵽᶎḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẛạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹỻỽỿἀἁἂἃἄἅἆἇἐἑἒἓἔἕἠἡἢἣἤἥἦἧἰἱἲἳἴἵἶἷὀὁὂὃὄὅὑὓὕὗὠὡὢὣὤὥὦὧὰάὲέὴήὶίὸόὺύὼώᾀᾁᾂᾃᾄᾅᾆᾇᾐᾑᾒᾓᾔᾕᾖᾗᾠᾡᾢᾣᾤᾥᾦᾧᾰᾱᾳιῃῐῑῠῡῥῳⅎⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻⅼⅽⅾⅿↄⓐⓑⓒⓓⓔⓕⓖⓗⓘⓙⓚⓛⓜⓝⓞⓟⓠⓡⓢⓣⓤⓥⓦⓧⓨⓩⰰⰱⰲⰳⰴⰵⰶⰷⰸⰹⰺⰻⰼⰽⰾⰿⱀⱁⱂⱃⱄⱅⱆⱇⱈⱉⱊⱋⱌⱍⱎⱏⱐⱑⱒⱓⱔⱕⱖⱗⱘⱙⱚⱛⱜⱝⱞⱟⱡⱥⱦⱨⱪⱬⱳⱶⲁⲃⲅⲇⲉⲋⲍⲏⲑⲓⲕⲗⲙⲛⲝⲟⲡⲣⲥⲧⲩⲫⲭⲯⲱⲳⲵⲷⲹⲻⲽⲿⳁⳃⳅⳇⳉⳋⳍⳏⳑⳓⳕⳗⳙⳛⳝⳟⳡⳣⳬⳮⳳⴀⴁⴂⴃⴄⴅⴆⴇⴈⴉⴊⴋⴌⴍⴎⴏⴐⴑⴒⴓⴔⴕⴖⴗⴘⴙⴚⴛⴜⴝⴞⴟⴠⴡⴢⴣⴤⴥⴧⴭꙁꙃꙅꙇꙉꙋꙍꙏꙑꙓꙕꙗꙙꙛꙝꙟꙡꙣꙥꙧꙩꙫꙭꚁꚃꚅꚇꚉꚋꚍꚏꚑꚓꚕꚗꚙꚛꜣꜥꜧꜩꜫꜭꜯꜳꜵꜷꜹꜻꜽꜿꝁꝃꝅꝇꝉꝋꝍꝏꝑꝓꝕꝗꝙꝛꝝꝟꝡꝣꝥꝧꝩꝫꝭꝯꝺꝼꝿꞁꞃꞅꞇꞌꞑꞓꞔꞗꞙꞛꞝꞟꞡꞣꞥꞧꞩꞵꞷꞹꞻꞽꞿꟁꟃꟈꟊꟍ꟏ꟑꟓꟕꟗꟙꟛꟶꭓꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ𐐨𐐩𐐪𐐫𐐬𐐭𐐮𐐯𐐰𐐱𐐲𐐳𐐴𐐵𐐶𐐷𐐸𐐹𐐺𐐻𐐼𐐽𐐾𐐿𐑀𐑁𐑂𐑃𐑄𐑅𐑆𐑇𐑈𐑉𐑊𐑋𐑌𐑍𐑎𐑏𐓘𐓙𐓚𐓛𐓜𐓝𐓞𐓟𐓠𐓡𐓢𐓣𐓤𐓥𐓦𐓧𐓨𐓩𐓪𐓫𐓬𐓭𐓮𐓯𐓰𐓱𐓲𐓳𐓴𐓵𐓶𐓷𐓸𐓹𐓺𐓻𐖗𐖘𐖙𐖚𐖛𐖜𐖝𐖞𐖟𐖠𐖡𐖣𐖤𐖥𐖦𐖧𐖨𐖩𐖪𐖫𐖬𐖭𐖮𐖯𐖰𐖱𐖳𐖴𐖵𐖶𐖷𐖸𐖹𐖻𐖼𐳀𐳁𐳂𐳃𐳄𐳅𐳆𐳇𐳈𐳉𐳊𐳋𐳌𐳍𐳎𐳏𐳐𐳑𐳒𐳓𐳔𐳕𐳖𐳗𐳘𐳙𐳚𐳛𐳜𐳝𐳞𐳟𐳠𐳡𐳢𐳣𐳤𐳥𐳦𐳧𐳨𐳩𐳪𐳫𐳬𐳭𐳮𐳯𐳰𐳱𐳲𐵰𐵱𐵲𐵳𐵴𐵵𐵶𐵷𐵸𐵹𐵺𐵻𐵼𐵽𐵾𐵿𐶀𐶁𐶂𐶃𐶄𐶅𑣀𑣁𑣂𑣃𑣄𑣅𑣆𑣇𑣈𑣉𑣊𑣋𑣌𑣍𑣎𑣏𑣐𑣑𑣒𑣓𑣔𑣕𑣖𑣗𑣘𑣙𑣚𑣛𑣜𑣝𑣞𑣟𖹠𖹡𖹢𖹣𖹤𖹥𖹦𖹧𖹨𖹩𖹪𖹫𖹬𖹭𖹮𖹯𖹰𖹱𖹲𖹳𖹴𖹵𖹶𖹷𖹸𖹹𖹺𖹻𖹼𖹽𖹾𖹿𖺻𖺼𖺽𖺾𖺿𖻀𖻁𖻂𖻃𖻄𖻅𖻆𖻇𖻈𖻉𖻊𖻋𖻌𖻍𖻎𖻏𖻐𖻑𖻒𖻓𞤢𞤣𞤤𞤥𞤦𞤧𞤨𞤩𞤪𞤫𞤬𞤭𞤮𞤯𞤰𞤱𞤲𞤳𞤴𞤵𞤶𞤷𞤸𞤹𞤺𞤻𞤼𞤽𞤾𞤿𞥀𞥁𞥂𞥃', 'ABCDEFGHIJKLMNOPQRSTUVWXYZΜÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŸĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮIĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŹŻŽSɃƂƄƇƋƑǶƘȽꟜȠƠƢƤƧƬƯƳƵƸƼǷǄǄǇǇǊǊǍǏǑǓǕǗǙǛƎǞǠǢǤǦǨǪǬǮǱǱǴǸǺǼǾȀȂȄȆȈȊȌȎȐȒȔȖȘȚȜȞȢȤȦȨȪȬȮȰȲȻⱾⱿɁɆɈɊɌɎⱯⱭⱰƁƆƉƊƏƐꞫƓꞬƔꟋꞍꞪƗƖꞮⱢꞭƜⱮƝƟⱤƦꟅƩꞱƮɄƱƲɅƷꞲꞰΙͰͲͶϽϾϿΆΈΉΊΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΣΤΥΦΧΨΩΪΫΌΎΏΒΘΦΠϏϘϚϜϞϠϢϤϦϨϪϬϮΚΡϹͿΕϷϺАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏѠѢѤѦѨѪѬѮѰѲѴѶѸѺѼѾҀҊҌҎҐҒҔҖҘҚҜҞҠҢҤҦҨҪҬҮҰҲҴҶҸҺҼҾӁӃӅӇӉӋӍӀӐӒӔӖӘӚӜӞӠӢӤӦӨӪӬӮӰӲӴӶӸӺӼӾԀԂԄԆԈԊԌԎԐԒԔԖԘԚԜԞԠԢԤԦԨԪԬԮԱԲԳԴԵԶԷԸԹԺԻԼԽԾԿՀՁՂՃՄՅՆՇՈՉՊՋՌՍՎՏՐՑՒՓՔՕՖᲐᲑᲒᲓᲔᲕᲖᲗᲘᲙᲚᲛᲜᲝᲞᲟᲠᲡᲢᲣᲤᲥᲦᲧᲨᲩᲪᲫᲬᲭᲮᲯᲰᲱᲲᲳᲴᲵᲶᲷᲸᲹᲺᲽᲾᲿᏰᏱᏲᏳᏴᏵВДОСТТЪѢꙊᲉꝽⱣꟆḀḂḄḆḈḊḌḎḐḒḔḖḘḚḜḞḠḢḤḦḨḪḬḮḰḲḴḶḸḺḼḾṀṂṄṆṈṊṌṎṐṒṔṖṘṚṜṞṠṢṤṦṨṪṬṮṰṲṴṶṸṺṼṾẀẂẄẆẈẊẌẎẐẒẔṠẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸỺỼỾἈἉἊἋἌἍἎἏἘἙἚἛἜἝἨἩἪἫἬἭἮἯἸἹἺἻἼἽἾἿὈὉὊὋὌὍὙὛὝὟὨὩὪὫὬὭὮὯᾺΆῈΈῊΉῚΊῸΌῪΎῺΏᾈᾉᾊᾋᾌᾍᾎᾏᾘᾙᾚᾛᾜᾝᾞᾟᾨᾩᾪᾫᾬᾭᾮᾯᾸᾹᾼΙῌῘῙῨῩῬῼℲⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅬⅭⅮⅯↃⒶⒷⒸⒹⒺⒻⒼⒽⒾⒿⓀⓁⓂⓃⓄⓅⓆⓇⓈⓉⓊⓋⓌⓍⓎⓏⰀⰁⰂⰃⰄⰅⰆⰇⰈⰉⰊⰋⰌⰍⰎⰏⰐⰑⰒⰓⰔⰕⰖⰗⰘⰙⰚⰛⰜⰝⰞⰟⰠⰡⰢⰣⰤⰥⰦⰧⰨⰩⰪⰫⰬⰭⰮⰯⱠȺȾⱧⱩⱫⱲⱵⲀⲂⲄⲆⲈⲊⲌⲎⲐⲒⲔⲖⲘⲚⲜⲞⲠⲢⲤⲦⲨⲪⲬⲮⲰⲲⲴⲶⲸⲺⲼⲾⳀⳂⳄⳆⳈⳊⳌⳎⳐⳒⳔⳖⳘⳚⳜⳞⳠⳢⳫⳭⳲႠႡႢႣႤႥႦႧႨႩႪႫႬႭႮႯႰႱႲႳႴႵႶႷႸႹႺႻႼႽႾႿჀჁჂჃჄჅჇჍꙀꙂꙄꙆꙈꙊꙌꙎꙐꙒꙔꙖꙘꙚꙜꙞꙠꙢꙤꙦꙨꙪꙬꚀꚂꚄꚆꚈꚊꚌꚎꚐꚒꚔꚖꚘꚚꜢꜤꜦꜨꜪꜬꜮꜲꜴꜶꜸꜺꜼꜾꝀꝂꝄꝆꝈꝊꝌꝎꝐꝒꝔꝖꝘꝚꝜꝞꝠꝢꝤꝦꝨꝪꝬꝮꝹꝻꝾꞀꞂꞄꞆꞋꞐꞒꟄꞖꞘꞚꞜꞞꞠꞢꞤꞦꞨꞴꞶꞸꞺꞼꞾꟀꟂꟇꟉꟌ꟎Ꟑ꟒꟔ꟖꟘꟚꟵꞳᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ𐐀𐐁𐐂𐐃𐐄𐐅𐐆𐐇𐐈𐐉𐐊𐐋𐐌𐐍𐐎𐐏𐐐𐐑𐐒𐐓𐐔𐐕𐐖𐐗𐐘𐐙𐐚𐐛𐐜𐐝𐐞𐐟𐐠𐐡𐐢𐐣𐐤𐐥𐐦𐐧𐒰𐒱𐒲𐒳𐒴𐒵𐒶𐒷𐒸𐒹𐒺𐒻𐒼𐒽𐒾𐒿𐓀𐓁𐓂𐓃𐓄𐓅𐓆𐓇𐓈𐓉𐓊𐓋𐓌𐓍𐓎𐓏𐓐𐓑𐓒𐓓𐕰𐕱𐕲𐕳𐕴𐕵𐕶𐕷𐕸𐕹𐕺𐕼𐕽𐕾𐕿𐖀𐖁𐖂𐖃𐖄𐖅𐖆𐖇𐖈𐖉𐖊𐖌𐖍𐖎𐖏𐖐𐖑𐖒𐖔𐖕𐲀𐲁𐲂𐲃𐲄𐲅𐲆𐲇𐲈𐲉𐲊𐲋𐲌𐲍𐲎𐲏𐲐𐲑𐲒𐲓𐲔𐲕𐲖𐲗𐲘𐲙𐲚𐲛𐲜𐲝𐲞𐲟𐲠𐲡𐲢𐲣𐲤𐲥𐲦𐲧𐲨𐲩𐲪𐲫𐲬𐲭𐲮𐲯𐲰𐲱𐲲𐵐𐵑𐵒𐵓𐵔𐵕𐵖𐵗𐵘𐵙𐵚𐵛𐵜𐵝𐵞𐵟𐵠𐵡𐵢𐵣𐵤𐵥𑢠𑢡𑢢𑢣𑢤𑢥𑢦𑢧𑢨𑢩𑢪𑢫𑢬𑢭𑢮𑢯𑢰𑢱𑢲𑢳𑢴𑢵𑢶𑢷𑢸𑢹𑢺𑢻𑢼𑢽𑢾𑢿𖹀𖹁𖹂𖹃𖹄𖹅𖹆𖹇𖹈𖹉𖹊𖹋𖹌𖹍𖹎𖹏𖹐𖹑𖹒𖹓𖹔𖹕𖹖𖹗𖹘𖹙𖹚𖹛𖹜𖹝𖹞𖹟𖺠𖺡𖺢𖺣𖺤𖺥𖺦𖺧𖺨𖺩𖺪𖺫𖺬𖺭𖺮𖺯𖺰𖺱𖺲𖺳𖺴𖺵𖺶𖺷𖺸𞤀𞤁𞤂𞤃𞤄𞤅𞤆𞤇𞤈𞤉𞤊𞤋𞤌𞤍𞤎𞤏𞤐𞤑𞤒𞤓𞤔𞤕𞤖𞤗𞤘𞤙𞤚𞤛𞤜𞤝𞤞𞤟𞤠𞤡'), 'SUMMER') THEN 1 END) AS cx_c11,
    COUNT(CASE WHEN ((`quantity` * `unit_price`) > 200) THEN 1 END) AS cx_c12,
    COUNT(CASE WHEN (((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 86400000) > 3) THEN 1 END) AS cx_c13,
    COUNT((CASE WHEN (`channel` = 'web') THEN `quantity` ELSE CAST(0 AS FLOAT64) END)) AS cx_c14,
    SUM((CASE WHEN (`channel` = 'web') THEN `quantity` ELSE CAST(0 AS FLOAT64) END)) AS cx_c15,
    VAR_POP((CASE WHEN (`channel` = 'web') THEN `quantity` ELSE CAST(0 AS FLOAT64) END)) * COUNT((CASE WHEN (`channel` = 'web') THEN `quantity` ELSE CAST(0 AS FLOAT64) END)) AS cx_c16,
    COUNT(CASE WHEN (STRPOS(translate(`note`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽƁƂƄƆƇƉƊƋƎƏƐƑƓƔƖƗƘƜƝƟƠƢƤƦƧƩƬƮƯƱƲƳƵƷƸƼǄǅǇǈǊǋǍǏǑǓǕǗǙǛǞǠǢǤǦǨǪǬǮǱǲǴǶǷǸǺǼǾȀȂȄȆȈȊȌȎȐȒȔȖȘȚȜȞȠȢȤȦȨȪȬȮȰȲȺȻȽȾɁɃɄɅɆɈɊɌɎͰͲͶͿΆΈΉΊΌΎΏΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΪΫϏϘϚϜϞϠϢϤϦϨϪϬϮϴϷϹϺϽϾϿЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯѠѢѤѦѨѪѬѮѰѲѴѶѸѺѼѾҀҊҌҎҐҒҔҖҘҚҜҞҠҢҤҦҨҪҬҮҰҲҴҶҸҺҼҾӀӁӃӅӇӉӋӍӐӒӔӖӘӚӜӞӠӢӤӦӨӪӬӮӰӲӴӶӸӺӼӾԀԂԄԆԈԊԌԎԐԒԔԖԘԚԜԞԠԢԤԦԨԪԬԮԱԲԳԴԵԶԷԸԹԺԻԼԽԾԿՀՁՂՃՄՅՆՇՈՉՊՋՌՍՎՏՐՑՒՓՔՕՖႠႡႢႣႤႥႦႧႨႩႪႫႬႭႮႯႰႱႲႳႴႵႶႷႸႹႺႻႼႽႾႿჀჁჂჃჄჅჇჍᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵᲉᲐᲑᲒᲓᲔᲕᲖᲗᲘᲙᲚᲛᲜᲝᲞᲟᲠᲡᲢᲣᲤᲥᲦᲧᲨᲩᲪᲫᲬᲭᲮᲯᲰᲱᲲᲳᲴᲵᲶᲷᲸᲹᲺᲽᲾᲿḀḂḄḆḈḊḌḎḐḒḔḖḘḚḜḞḠḢḤḦḨḪḬḮḰḲḴḶḸḺḼḾṀṂṄṆṈṊṌṎṐṒṔṖṘṚṜṞṠṢṤṦṨṪṬṮṰṲṴṶṸṺṼṾẀẂẄẆẈẊẌẎẐẒẔẞẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸỺỼỾἈἉἊἋἌἍἎἏἘἙἚἛἜἝἨἩἪἫἬἭἮἯἸἹἺἻἼἽἾἿὈὉὊὋὌὍὙὛὝὟὨὩὪὫὬὭὮὯᾈᾉᾊᾋᾌᾍᾎᾏᾘᾙᾚᾛᾜᾝᾞᾟᾨᾩᾪᾫᾬᾭᾮᾯᾸᾹᾺΆᾼῈΈῊΉῌῘῙῚΊῨῩῪΎῬῸΌῺΏῼΩKÅℲⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅬⅭⅮⅯↃⒶⒷⒸⒹⒺⒻⒼⒽⒾⒿⓀⓁⓂⓃⓄⓅⓆⓇⓈⓉⓊⓋⓌⓍⓎⓏⰀⰁⰂⰃⰄⰅⰆⰇⰈⰉⰊⰋⰌⰍⰎⰏⰐⰑⰒⰓⰔⰕⰖⰗⰘⰙⰚⰛⰜⰝⰞⰟⰠⰡⰢⰣⰤⰥⰦⰧⰨⰩⰪⰫⰬⰭⰮⰯⱠⱢⱣⱤⱧⱩⱫⱭⱮⱯⱰⱲⱵⱾⱿⲀⲂⲄⲆⲈⲊⲌⲎⲐⲒⲔⲖⲘⲚⲜⲞⲠⲢⲤⲦⲨⲪⲬⲮⲰⲲⲴⲶⲸⲺⲼⲾⳀⳂⳄⳆⳈⳊⳌⳎⳐⳒⳔⳖⳘⳚⳜⳞⳠⳢⳫⳭⳲꙀꙂꙄꙆꙈꙊꙌꙎꙐꙒꙔꙖꙘꙚꙜꙞꙠꙢꙤꙦꙨꙪꙬꚀꚂꚄꚆꚈꚊꚌꚎꚐꚒꚔꚖꚘꚚꜢꜤꜦꜨꜪꜬꜮꜲꜴꜶꜸꜺꜼꜾꝀꝂꝄꝆꝈꝊꝌꝎꝐꝒꝔꝖꝘꝚꝜꝞꝠꝢꝤꝦꝨꝪꝬꝮꝹꝻꝽꝾꞀꞂꞄꞆꞋꞍꞐꞒꞖꞘꞚꞜꞞꞠꞢꞤꞦꞨꞪꞫꞬꞭꞮꞰꞱꞲꞳꞴꞶꞸꞺꞼꞾꟀꟂꟄꟅꟆꟇꟉꟋꟌ꟎Ꟑ꟒꟔ꟖꟘꟚꟜꟵＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ𐐀𐐁𐐂𐐃𐐄𐐅𐐆𐐇𐐈𐐉𐐊𐐋𐐌𐐍𐐎𐐏𐐐𐐑𐐒𐐓𐐔𐐕𐐖𐐗𐐘𐐙𐐚𐐛𐐜𐐝𐐞𐐟𐐠𐐡𐐢𐐣𐐤𐐥𐐦𐐧𐒰𐒱𐒲𐒳𐒴𐒵𐒶𐒷𐒸𐒹𐒺𐒻𐒼𐒽𐒾𐒿𐓀𐓁𐓂𐓃𐓄𐓅𐓆𐓇𐓈𐓉𐓊𐓋𐓌𐓍𐓎𐓏𐓐𐓑𐓒𐓓𐕰𐕱𐕲𐕳𐕴𐕵𐕶𐕷𐕸𐕹𐕺𐕼𐕽𐕾𐕿𐖀𐖁𐖂𐖃𐖄𐖅𐖆𐖇𐖈𐖉𐖊𐖌𐖍𐖎𐖏𐖐𐖑𐖒𐖔𐖕𐲀𐲁𐲂𐲃𐲄𐲅𐲆𐲇𐲈𐲉𐲊𐲋𐲌𐲍𐲎𐲏𐲐𐲑𐲒𐲓𐲔𐲕𐲖𐲗𐲘𐲙𐲚𐲛𐲜𐲝𐲞𐲟𐲠𐲡𐲢𐲣𐲤𐲥𐲦𐲧𐲨𐲩𐲪𐲫𐲬𐲭𐲮𐲯𐲰𐲱𐲲𐵐𐵑𐵒𐵓𐵔𐵕𐵖𐵗𐵘𐵙𐵚𐵛𐵜𐵝𐵞𐵟𐵠𐵡𐵢𐵣𐵤𐵥𑢠𑢡𑢢𑢣𑢤𑢥𑢦𑢧𑢨𑢩𑢪𑢫𑢬𑢭𑢮𑢯𑢰𑢱𑢲𑢳𑢴𑢵𑢶𑢷𑢸𑢹𑢺𑢻𑢼𑢽𑢾𑢿𖹀𖹁𖹂𖹃𖹄𖹅𖹆𖹇𖹈𖹉𖹊𖹋𖹌𖹍𖹎𖹏𖹐𖹑𖹒𖹓𖹔𖹕𖹖𖹗𖹘𖹙𖹚𖹛𖹜𖹝𖹞𖹟𖺠𖺡𖺢𖺣𖺤𖺥𖺦𖺧𖺨𖺩𖺪𖺫𖺬𖺭𖺮𖺯𖺰𖺱𖺲𖺳𖺴𖺵𖺶𖺷𖺸𞤀𞤁𞤂𞤃𞤄𞤅𞤆𞤇𞤈𞤉𞤊𞤋𞤌𞤍𞤎𞤏𞤐𞤑𞤒𞤓𞤔𞤕𞤖𞤗𞤘𞤙𞤚𞤛𞤜𞤝𞤞𞤟𞤠𞤡', 'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįiĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżžɓƃƅɔƈɖɗƌǝəɛƒɠɣɩɨƙɯɲɵơƣƥʀƨʃƭʈưʊʋƴƶʒƹƽǆǆǉǉǌǌǎǐǒǔǖǘǚǜǟǡǣǥǧǩǫǭǯǳǳǵƕƿǹǻǽǿȁȃȅȇȉȋȍȏȑȓȕȗșțȝȟƞȣȥȧȩȫȭȯȱȳⱥȼƚⱦɂƀʉʌɇɉɋɍɏͱͳͷϳάέήίόύώαβγδεζηθικλμνξοπρστυφχψωϊϋϗϙϛϝϟϡϣϥϧϩϫϭϯθϸϲϻͻͼͽѐёђѓєѕіїјљњћќѝўџабвгдежзийклмнопрстуфхцчшщъыьэюяѡѣѥѧѩѫѭѯѱѳѵѷѹѻѽѿҁҋҍҏґғҕҗҙқҝҟҡңҥҧҩҫҭүұҳҵҷҹһҽҿӏӂӄӆӈӊӌӎӑӓӕӗәӛӝӟӡӣӥӧөӫӭӯӱӳӵӷӹӻӽӿԁԃԅԇԉԋԍԏԑԓԕԗԙԛԝԟԡԣԥԧԩԫԭԯաբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆⴀⴁⴂⴃⴄⴅⴆⴇⴈⴉⴊⴋⴌⴍⴎⴏⴐⴑⴒⴓⴔⴕⴖⴗⴘⴙⴚⴛⴜⴝⴞⴟⴠⴡⴢⴣⴤⴥⴧⴭꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿᏸᏹᏺᏻᏼᏽᲊაბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰჱჲჳჴჵჶჷჸჹჺჽჾჿḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕßạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹỻỽỿἀἁἂἃἄἅἆἇἐἑἒἓἔἕἠἡἢἣἤἥἦἧἰἱἲἳἴἵἶἷὀὁὂὃὄὅὑὓὕὗὠὡὢὣὤὥὦὧᾀᾁᾂᾃᾄᾅᾆᾇᾐᾑᾒᾓᾔᾕᾖᾗᾠᾡᾢᾣᾤᾥᾦᾧᾰᾱὰάᾳὲέὴήῃῐῑὶίῠῡὺύῥὸόὼώῳωkåⅎⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻⅼⅽⅾⅿↄⓐⓑⓒⓓⓔⓕⓖⓗⓘⓙⓚⓛⓜⓝⓞⓟⓠⓡⓢⓣⓤⓥⓦⓧⓨⓩⰰⰱⰲⰳⰴⰵⰶⰷⰸⰹⰺⰻⰼⰽⰾⰿⱀⱁⱂⱃⱄⱅⱆⱇⱈⱉⱊⱋⱌⱍⱎⱏⱐⱑⱒⱓⱔⱕⱖⱗⱘⱙⱚⱛⱜⱝⱞⱟⱡɫᵽɽⱨⱪⱬɑɱɐɒⱳⱶȿɀⲁⲃⲅⲇⲉⲋⲍⲏⲑⲓⲕⲗⲙⲛⲝⲟⲡⲣⲥⲧⲩⲫⲭⲯⲱⲳⲵⲷⲹⲻⲽⲿⳁⳃⳅⳇⳉⳋⳍⳏⳑⳓⳕⳗⳙⳛⳝⳟⳡⳣⳬⳮⳳꙁꙃꙅꙇꙉꙋꙍꙏꙑꙓꙕꙗꙙꙛꙝꙟꙡꙣꙥꙧꙩꙫꙭꚁꚃꚅꚇꚉꚋꚍꚏꚑꚓꚕꚗꚙꚛꜣꜥꜧꜩꜫꜭꜯꜳꜵꜷꜹꜻꜽꜿꝁꝃꝅꝇꝉꝋꝍꝏꝑꝓꝕꝗꝙꝛꝝꝟꝡꝣꝥꝧꝩꝫꝭꝯꝺꝼᵹꝿꞁꞃꞅꞇꞌɥꞑꞓꞗꞙꞛꞝꞟꞡꞣꞥꞧꞩɦɜɡɬɪʞʇʝꭓꞵꞷꞹꞻꞽꞿꟁꟃꞔʂᶎꟈꟊɤꟍ꟏ꟑꟓꟕꟗꟙꟛƛꟶａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ𐐨𐐩𐐪𐐫𐐬𐐭𐐮𐐯𐐰𐐱𐐲𐐳𐐴𐐵𐐶𐐷𐐸𐐹𐐺𐐻𐐼𐐽𐐾𐐿𐑀𐑁𐑂𐑃𐑄𐑅𐑆𐑇𐑈𐑉𐑊𐑋𐑌𐑍𐑎𐑏𐓘𐓙𐓚𐓛𐓜𐓝𐓞𐓟𐓠𐓡𐓢𐓣𐓤𐓥𐓦𐓧𐓨𐓩𐓪𐓫𐓬𐓭𐓮𐓯𐓰𐓱𐓲𐓳𐓴𐓵𐓶𐓷𐓸𐓹𐓺𐓻𐖗𐖘𐖙𐖚𐖛𐖜𐖝𐖞𐖟𐖠𐖡𐖣𐖤𐖥𐖦𐖧𐖨𐖩𐖪𐖫𐖬𐖭𐖮𐖯𐖰𐖱𐖳𐖴𐖵𐖶𐖷𐖸𐖹𐖻𐖼𐳀𐳁𐳂𐳃𐳄𐳅𐳆𐳇𐳈𐳉𐳊𐳋𐳌𐳍𐳎𐳏𐳐𐳑𐳒𐳓𐳔𐳕𐳖𐳗𐳘𐳙𐳚𐳛𐳜𐳝𐳞𐳟𐳠𐳡𐳢𐳣𐳤𐳥𐳦𐳧𐳨𐳩𐳪𐳫𐳬𐳭𐳮𐳯𐳰𐳱𐳲𐵰𐵱𐵲𐵳𐵴𐵵𐵶𐵷𐵸𐵹𐵺𐵻𐵼𐵽𐵾𐵿𐶀𐶁𐶂𐶃𐶄𐶅𑣀𑣁𑣂𑣃𑣄𑣅𑣆𑣇𑣈𑣉𑣊𑣋𑣌𑣍𑣎𑣏𑣐𑣑𑣒𑣓𑣔𑣕𑣖𑣗𑣘𑣙𑣚𑣛𑣜𑣝𑣞𑣟𖹠𖹡𖹢𖹣𖹤𖹥𖹦𖹧𖹨𖹩𖹪𖹫𖹬𖹭𖹮𖹯𖹰𖹱𖹲𖹳𖹴𖹵𖹶𖹷𖹸𖹹𖹺𖹻𖹼𖹽𖹾𖹿𖺻𖺼𖺽𖺾𖺿𖻀𖻁𖻂𖻃𖻄𖻅𖻆𖻇𖻈𖻉𖻊𖻋𖻌𖻍𖻎𖻏𖻐𖻑𖻒𖻓𞤢𞤣𞤤𞤥𞤦𞤧𞤨𞤩𞤪𞤫𞤬𞤭𞤮𞤯𞤰𞤱𞤲𞤳𞤴𞤵𞤶𞤷𞤸𞤹𞤺𞤻𞤼𞤽𞤾𞤿𞥀𞥁𞥂𞥃'), 'damaged') > 0) THEN 1 END) AS cx_c17,
    COUNT(LEAST(`rating`, CAST(4 AS FLOAT64))) AS cx_c18,
    SUM(LEAST(`rating`, CAST(4 AS FLOAT64))) AS cx_c19,
    VAR_POP(LEAST(`rating`, CAST(4 AS FLOAT64))) * COUNT(LEAST(`rating`, CAST(4 AS FLOAT64))) AS cx_c20,
    COUNT(CASE WHEN (`discount` IS NOT NULL) THEN 1 END) AS cx_c21,
    COUNT(CASE WHEN (`discount` IS NOT NULL) THEN (`unit_price` * `discount`) END) AS cx_c22,
    SUM(CASE WHEN (`discount` IS NOT NULL) THEN (`unit_price` * `discount`) END) AS cx_c23,
    VAR_POP(CASE WHEN (`discount` IS NOT NULL) THEN (`unit_price` * `discount`) END) * COUNT(CASE WHEN (`discount` IS NOT NULL) THEN (`unit_price` * `discount`) END) AS cx_c24,
    COUNT(abs((`rating` - CAST(3 AS FLOAT64)))) AS cx_c25,
    SUM(abs((`rating` - CAST(3 AS FLOAT64)))) AS cx_c26,
    VAR_POP(abs((`rating` - CAST(3 AS FLOAT64)))) * COUNT(abs((`rating` - CAST(3 AS FLOAT64)))) AS cx_c27,
    COUNT(CASE WHEN (LPAD(CAST(EXTRACT(YEAR FROM DATE(`placed_at`, 'UTC')) AS STRING), 4, '0') = '2026') THEN 1 END) AS cx_c28
  FROM cx_rows
) AS cx_agg;

-- 3 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `unit_price` AS `cx_c0_v`,
      `quantity` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `discount` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `delivered_at` AS `cx_c5_v`,
      `promo_code` AS `cx_c6_v`,
      `note` AS `cx_c7_v`,
      `rating` AS `cx_c8_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `unit_price`,
      CAST(`cx_c1_v` AS FLOAT64) AS `quantity`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `discount`,
      CAST(`cx_c4_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c5_v` AS TIMESTAMP) AS `delivered_at`,
      CAST(`cx_c6_v` AS STRING) AS `promo_code`,
      CAST(`cx_c7_v` AS STRING) AS `note`,
      CAST(`cx_c8_v` AS FLOAT64) AS `rating`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(((`quantity` * `unit_price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c3,
  SUM(((`quantity` * `unit_price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c4,
  VAR_POP(((`quantity` * `unit_price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) * COUNT(((`quantity` * `unit_price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c5,
  COUNT((`quantity` * `unit_price`)) AS cx_c6,
  MAX((`quantity` * `unit_price`)) AS cx_c7
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 2 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      `unit_price` AS `cx_c0_v`,
      `quantity` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `discount` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `delivered_at` AS `cx_c5_v`,
      `promo_code` AS `cx_c6_v`,
      `note` AS `cx_c7_v`,
      `rating` AS `cx_c8_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `unit_price`,
      CAST(`cx_c1_v` AS FLOAT64) AS `quantity`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `discount`,
      CAST(`cx_c4_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c5_v` AS TIMESTAMP) AS `delivered_at`,
      CAST(`cx_c6_v` AS STRING) AS `promo_code`,
      CAST(`cx_c7_v` AS STRING) AS `note`,
      CAST(`cx_c8_v` AS FLOAT64) AS `rating`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (EXTRACT(YEAR FROM cx_day) * 12 + EXTRACT(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  `channel` AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c5,
  SUM(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c6,
  VAR_POP(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) * COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`channel`), (cx_period));

-- source pilot (bigquery)
-- pilot: file data, shown as a table named 'pilot' as if loaded into bigquery

-- 9 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `price` AS `cx_c0_v`,
      `qty` AS `cx_c1_v`,
      `discount` AS `cx_c2_v`,
      `delivered_at` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`
    FROM `pilot`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `price`,
      CAST(`cx_c1_v` AS FLOAT64) AS `qty`,
      CAST(`cx_c2_v` AS FLOAT64) AS `discount`,
      CAST(`cx_c3_v` AS TIMESTAMP) AS `delivered_at`,
      CAST(`cx_c4_v` AS TIMESTAMP) AS `placed_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT((`qty` * `price`)) AS cx_c1,
  SUM((`qty` * `price`)) AS cx_c2,
  VAR_POP((`qty` * `price`)) * COUNT((`qty` * `price`)) AS cx_c3,
  COUNT(((`qty` * `price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c4,
  SUM(((`qty` * `price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c5,
  VAR_POP(((`qty` * `price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) * COUNT(((`qty` * `price`) * (CAST(1 AS FLOAT64) - COALESCE(`discount`, CAST(0 AS FLOAT64))))) AS cx_c6,
  COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c7,
  SUM(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c8,
  VAR_POP(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) * COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c9,
  COUNT(((CAST(UNIX_MILLIS(`delivered_at`) AS FLOAT64) - CAST(UNIX_MILLIS(`placed_at`) AS FLOAT64)) / 3600000)) AS cx_c10,
  COUNT((CASE WHEN abs(`price`) >= 4503599627370496 THEN `price` ELSE CAST(ROUND(CAST(CAST(`price` AS STRING) AS BIGNUMERIC), 0) AS FLOAT64) END * `qty`)) AS cx_c11,
  SUM((CASE WHEN abs(`price`) >= 4503599627370496 THEN `price` ELSE CAST(ROUND(CAST(CAST(`price` AS STRING) AS BIGNUMERIC), 0) AS FLOAT64) END * `qty`)) AS cx_c12,
  VAR_POP((CASE WHEN abs(`price`) >= 4503599627370496 THEN `price` ELSE CAST(ROUND(CAST(CAST(`price` AS STRING) AS BIGNUMERIC), 0) AS FLOAT64) END * `qty`)) * COUNT((CASE WHEN abs(`price`) >= 4503599627370496 THEN `price` ELSE CAST(ROUND(CAST(CAST(`price` AS STRING) AS BIGNUMERIC), 0) AS FLOAT64) END * `qty`)) AS cx_c13,
  COUNT(GREATEST(`qty`, CAST(2 AS FLOAT64))) AS cx_c14,
  SUM(GREATEST(`qty`, CAST(2 AS FLOAT64))) AS cx_c15,
  VAR_POP(GREATEST(`qty`, CAST(2 AS FLOAT64))) * COUNT(GREATEST(`qty`, CAST(2 AS FLOAT64))) AS cx_c16,
  COUNT(abs((`qty` - CAST(2 AS FLOAT64)))) AS cx_c17,
  SUM(abs((`qty` - CAST(2 AS FLOAT64)))) AS cx_c18,
  VAR_POP(abs((`qty` - CAST(2 AS FLOAT64)))) * COUNT(abs((`qty` - CAST(2 AS FLOAT64)))) AS cx_c19,
  COUNT(CASE WHEN (LPAD(CAST(EXTRACT(YEAR FROM DATE(`placed_at`, 'UTC')) AS STRING), 4, '0') = '2026') THEN 1 END) AS cx_c20
FROM cx_rows;
