import { mail, type LabelledMail } from './labelled-mail.ts';

/**
 * The third batch: written after the second round of tuning, labelled by the same policy (corpus.ts) and
 * measured once before the rules saw them (category 82.1%, priority 69.6%); the third round of tuning used them.
 * Two labels were corrected afterwards to follow the policy (a question about verifying a minor is low).
 */
export const thirdBatchMails: LabelledMail[] = [
  // English
  mail('security', 'urgent', 'SIM swap?', `My phone suddenly lost signal last night and this morning I found my password was reset and 2,500 USDT withdrawn. The carrier says someone ported my number. Please freeze everything.`),
  mail('security', 'urgent', 'clipboard changed my address', `I copied my Binance address but the withdrawal went to a totally different address, I think my PC has clipboard malware. 0.9 ETH gone. Is there any way to get it back?`),
  mail('security', 'high', 'my email got hacked', `My Gmail was hacked yesterday (I recovered it). The attacker could have requested a reset on your site. Nothing has moved in my wallet yet but can you put extra checks on it?`),
  mail('security', 'normal', 'Dust transactions from weird addresses', `I keep receiving tiny amounts of USDT from addresses that look almost like mine. Someone told me this is address poisoning. Should I worry? I haven't sent anything to them.`),
  mail('security', 'low', 'Approvals', `How can I see and revoke token approvals I gave to dapps from this wallet?`),
  mail('security', 'high', 'authenticator codes wrong after phone restore', `Restored my phone from backup and now Google Authenticator shows codes but your site says they're invalid. I'm stuck at the 2FA step and can't get into my account.`),
  mail('security', 'normal', 'Fake app in Play Store?', `There's an app called "WalletDesk Pro" in the Play Store with your logo. Is that yours? The reviews say people lost money. I haven't installed it.`),
  mail('account', 'high', 'Account locked?', `Every time I try to log in it says "account temporarily locked". It's been like this for 3 days. I have funds in there.`),
  mail('account', 'low', 'can I use the same account on two phones', `Can I be logged in on my phone and my tablet at the same time?`),
  mail('account', 'normal', 'Login with Google stopped working', `The "continue with Google" button just closes the popup and nothing happens. Email login works for me so not urgent.`),
  mail('account', 'normal', 'deceased father account', `My father passed away in January and had an account with you. As his heir, how can we access his funds? We have the death certificate and the will.`),
  mail('transaction', 'high', 'USDT deposit below minimum?', `I deposited 3 USDT as a test and it never showed up. Then I read there's a minimum deposit of 5. Are my 3 USDT lost?`),
  mail('transaction', 'high', 'BTC withdrawal unconfirmed 20 hours', `My BTC withdrawal has 0 confirmations after 20 hours, the fee you used seems too low. Can you speed it up (RBF/CPFP)? Hash: 3a1b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e2f4a6b8c0d2e3f5a7b9c1d3e4f6a8b`),
  mail('transaction', 'normal', 'token not showing', `I received some PEPE tokens in my wallet according to etherscan but they don't appear in the app's asset list. Do I need to add them manually?`),
  mail('transaction', 'low', 'minimum withdrawal', `What's the minimum amount for a USDT withdrawal on TRC20?`),
  mail('transaction', 'normal', 'Staking rewards missing for March', `I've been staking ETH since January and got rewards every week, but nothing for the last two weeks. Was something changed?`),
  mail('transaction', 'high', 'NFT transfer went to wrong wallet', `I transferred my NFT and realised afterwards it went to my old wallet address I no longer have the keys for. Can anything be done?`),
  mail('fees', 'normal', 'double gas', `Each time I send USDT on ERC20 I'm charged the gas fee AND a separate withdrawal fee. Isn't that double charging? I'd like an explanation and maybe a refund.`),
  mail('fees', 'low', 'Promotion ending?', `Is the zero-fee promotion for BTC withdrawals ending at the end of this month or extended?`),
  mail('fees', 'low', 'fee in BNB?', `Can I pay trading fees with BNB to get a discount, like on other platforms?`),
  mail('personal_info', 'normal', 'Name in pinyin', `My name on the account is in Chinese characters but my bank requires it in pinyin to match withdrawals. Can you change it to ZHANG WEI?`),
  mail('personal_info', 'normal', 'New nationality', `I became a citizen of Canada and have a new passport. I need my nationality and ID document updated on the account.`),
  mail('personal_info', 'low', 'where is account settings', `Where is the personal information page in the new app version? I want to check what email is on file.`),
  mail('restriction', 'high', 'P2P account frozen', `After a P2P sale my account was frozen, the buyer's bank flagged the payment. I have all the chat logs and bank receipts. How do I get it unfrozen?`),
  mail('restriction', 'low', 'Verification for minors', `My son is 17, can he complete identity verification or does he have to wait until 18?`),
  mail('restriction', 'high', 'withdrawal limit reduced to zero', `My withdrawal limit suddenly shows 0 USDT per day. I didn't change anything. I can't withdraw anything at all.`),
  mail('other', 'low', 'API access', `Do you offer an API for portfolio tracking apps? We're building one.`),
  mail('other', 'low', 'Law enforcement request', `This is Detective Jane Roe of the Springfield Police Department. Please tell us the correct channel for submitting a records request regarding a case.`),
  mail('other', 'low', 'Newsletter', `Don't miss our spring sale! 50% off all hardware wallets this weekend. Unsubscribe here.`),
  mail('other', 'normal', 'Wrong language in app', `The app suddenly switched to Russian and I can't find the language setting to change it back.`),

  // Chinese
  mail('security', 'urgent', '手机突然没信号然后钱没了', `昨晚手机突然没信号了,今天早上发现登录密码被重置了,还被提走了2500U,运营商说有人补办了我的卡,快帮我冻结!`),
  mail('security', 'urgent', '剪贴板被篡改', `我复制的是币安的地址,结果提币到了一个完全不同的地址,估计电脑中了剪贴板病毒,0.9个ETH没了,还能追回吗?`),
  mail('security', 'high', '邮箱被黑了', `我的邮箱昨天被黑了,已经找回来了,担心对方用邮箱在你们这重置密码。钱包里暂时没动,能不能给账户加一道验证?`),
  mail('security', 'normal', '收到很多小额转账', `最近老是收到一些很小额的USDT转账,地址跟我的很像,朋友说这是地址投毒,我需要担心吗?我没给他们转过钱。`),
  mail('security', 'low', '授权管理', `请问在哪里可以查看和取消我给dapp的代币授权?`),
  mail('security', 'normal', '应用商店的假app', `应用商店里有个叫"钱包Pro"的app用的是你们的logo,是你们的吗?评论里很多人说被骗了,我还没装。`),
  mail('account', 'high', '账户暂时锁定', `每次登录都提示"账户暂时锁定",已经三天了,里面还有钱。`),
  mail('account', 'low', '两台设备同时登录', `手机和平板可以同时登录同一个账户吗?`),
  mail('account', 'normal', '父亲去世后的账户', `我父亲一月份去世了,他在你们这里有账户,作为继承人我们怎么取出里面的资产?有死亡证明和遗嘱。`),
  mail('transaction', 'high', '充值低于最低额', `先充了3个USDT试试,一直没到账,后来才看到最低充值是5个,这3个是不是丢了?`),
  mail('transaction', 'normal', '代币不显示', `区块浏览器上显示我收到了一些PEPE代币,但是app的资产列表里没有,需要手动添加吗?`),
  mail('transaction', 'low', '最低提币数量', `TRC20提USDT最少要提多少?`),
  mail('transaction', 'normal', '质押收益没发', `我从一月开始质押ETH,每周都有收益,最近两周一点都没有,是有什么调整吗?`),
  mail('fees', 'normal', '重复收费', `每次用ERC20转USDT,既收了矿工费又收了提币手续费,这不是重复收费吗?请解释一下,能退的话退一下。`),
  mail('fees', 'low', '免费活动结束了吗', `BTC提币免手续费的活动是这个月底结束吗?还是会延长?`),
  mail('personal_info', 'normal', '姓名改成拼音', `账户上的名字是中文,银行要求拼音才能匹配出金,麻烦改成 ZHANG WEI。`),
  mail('personal_info', 'normal', '国籍变了', `我入籍加拿大了,换了新护照,需要更新账户上的国籍和证件信息。`),
  mail('restriction', 'high', 'C2C交易后账户被冻结', `C2C卖币后账户被冻结了,说是买家的银行卡有问题,我有全部聊天记录和银行回单,怎么才能解冻?`),
  mail('restriction', 'low', '未成年能认证吗', `我儿子17岁,可以做实名认证吗?还是要等到18岁?`),
  mail('other', 'low', '接口合作', `你们有没有开放API给资产追踪类的应用使用?我们在开发一个。`),
  mail('other', 'normal', 'app语言变了', `app突然变成俄语了,找不到在哪里改回中文。`),

  // mixed and messy
  mail('transaction', 'high', 'withdraw 卡住了', `withdraw 了 1000 USDT ERC20, 已经 12 小时 still pending, 平时几分钟就到`),
  mail('security', 'urgent', 'hacked!!! 快', `someone login 了我的 account 还把 email 改了, 我的 USDT 都被转走了!!!`),
  mail('fees', 'normal', 'Re: [WD-40001] fee', `你们的回复没有解释为什么收了我 20 USDT 手续费, 官网写的是 1 USDT. Please refund 19 USDT.

在 2024年3月20日 10:00,Walletdesk 客服 <support@walletdesk.local> 写道:
> 您好,手续费取决于交易类型、资产和网络,在交易时会明确显示。`),
  mail('personal_info', 'low', 'Q', `how to change phone number?? 在哪里改`),
  mail('restriction', 'high', 'frozen!', `acct frozen after kyc update, cant withdraw, pls fix`),
];
