from zhangfang.cli import main

main()
